// Autocomplete sources: the curated industries and topics plus what this server's members use.
import type { Db } from "../db/client.js";
import { industryLabel, KNOWN_TOPICS, searchIndustries } from "../matching/index.js";

function cleanKey(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9+#]+/g, " ").trim();
}
import { industryUsage, topicUsage } from "../storage/profiles.js";
import { usageRanking } from "./live-community.js";

/** What the server uses, most used first: from the live index when this process holds it. */
async function serverUsage(db: Db, guildId: string, now: Date): Promise<{ topics: string[]; industries: string[] }> {
  const live = usageRanking(db, guildId, now);
  if (live !== null) return live;
  const [topics, industries] = await Promise.all([topicUsage(db, guildId), industryUsage(db, guildId)]);
  return { topics: topics.map((t) => t.label), industries };
}

function rank(candidates: Iterable<string>, typed: string, limit: number): string[] {
  const needle = cleanKey(typed);
  const seen = new Set<string>();
  const starts: string[] = [];
  const contains: string[] = [];
  for (const candidate of candidates) {
    const key = candidate.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const clean = cleanKey(candidate);
    if (needle === "" || clean.startsWith(needle)) starts.push(candidate);
    else if (clean.includes(needle)) contains.push(candidate);
  }
  return [...starts, ...contains].slice(0, limit);
}

/**
 * Industries for autocomplete: LinkedIn's Industry Codes V2 labels (and their aliases: "NHS",
 * "fintech", "big four"), those already used in this server first; the value is the label's key.
 * Free text the member types is still accepted as it is.
 */
export async function industryChoices(db: Db, guildId: string, typed: string, now: Date, limit = 25): Promise<{ name: string; value: string }[]> {
  const v2 = searchIndustries(typed, limit * 2).map((s) => s.key);
  const used = new Set((await serverUsage(db, guildId, now)).industries);
  const inServer = [...rank([...used].map(industryLabel), typed, limit)];
  const labelToKey = new Map([...used].map((key) => [industryLabel(key), key] as const));
  const keys = [...inServer.flatMap((label) => labelToKey.get(label) ?? []), ...v2.filter((k) => used.has(k)), ...v2];
  const seen = new Set<string>();
  const out: { name: string; value: string }[] = [];
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: industryLabel(key), value: key });
    if (out.length >= limit) break;
  }
  return out;
}

/** Topic labels for autocomplete: popular in this server first, then the curated list. */
export async function topicChoices(db: Db, guildId: string, typed: string, now: Date, limit = 25): Promise<string[]> {
  const used = (await serverUsage(db, guildId, now)).topics;
  return rank([...used, ...KNOWN_TOPICS], typed, limit);
}
