// Autocomplete sources: the curated industries and topics plus what this server's members use.
import type { Db } from "../db/client.js";
import { industryLabel, KNOWN_INDUSTRIES, KNOWN_TOPICS } from "../matching/index.js";

function cleanKey(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9+#]+/g, " ").trim();
}
import { industryUsage, topicUsage } from "../storage/profiles.js";

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

/** Industry keys for autocomplete: used in this server first, then the curated list. */
export async function industryChoices(db: Db, guildId: string, typed: string, limit = 25): Promise<{ name: string; value: string }[]> {
  const used = await industryUsage(db, guildId);
  return rank([...used, ...KNOWN_INDUSTRIES], typed, limit).map((key) => ({ name: industryLabel(key), value: key }));
}

/** Topic labels for autocomplete: popular in this server first, then the curated list. */
export async function topicChoices(db: Db, guildId: string, typed: string, limit = 25): Promise<string[]> {
  const used = await topicUsage(db, guildId);
  return rank([...used.map((t) => t.label), ...KNOWN_TOPICS], typed, limit);
}
