// The resource library: https links with a title, topics and an optional note, kept by mentors and
// moderators because a careers conversation can go anywhere. A repeated URL merges its topics into
// the existing entry. New pairs get up to three resources for their shared topics in their welcome;
// `/match find` without a strong match offers resources for the mentee's topics.
import { z } from "zod";
import type { Db } from "../db/client.js";
import { UserError } from "../errors.js";
import { describeTopic, KNOWN_TOPICS, uniqueTopics } from "../matching/index.js";
import { findProfile } from "../storage/profiles.js";
import {
  addResourceTopics,
  countResources,
  createResource,
  deleteResource,
  findResource,
  findResourceByKey,
  lockLibrary,
  listResources,
  resourcesWithTopics,
  resourceTopicUsage,
  topicKeysOf,
  type ResourceWithTopics,
} from "../storage/resources.js";
import { inTransaction } from "../storage/tx.js";

export type { ResourceWithTopics };

export const RESOURCE_LIMITS = { url: 300, title: 100, note: 300, topics: 10, perGuild: 2000, shownInWelcome: 3 } as const;

/**
 * An https URL as members paste it: no credentials, a real host name; stored as the URL parser
 * writes it (spaces and angle brackets percent-encoded, so it cannot break out of a message).
 * `key` is what "the same link" means: lower-case host, no fragment, no trailing slash.
 */
export const resourceUrl = z.string().transform((value, ctx) => {
  const trimmed = value.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be a link like https://example.org/guide" });
    return z.NEVER;
  }
  if (url.protocol !== "https:") {
    ctx.addIssue({ code: "custom", message: "must start with https://" });
    return z.NEVER;
  }
  if (url.username !== "" || url.password !== "") {
    ctx.addIssue({ code: "custom", message: "must not contain a user name or password" });
    return z.NEVER;
  }
  if (!/^[a-z0-9.-]+\.[a-z0-9-]{2,}$/i.test(url.hostname) || url.hostname.includes("..")) {
    ctx.addIssue({ code: "custom", message: "must have a real host name, like careers.example.org" });
    return z.NEVER;
  }
  url.hash = "";
  const href = url.href;
  if (href.length > RESOURCE_LIMITS.url) {
    ctx.addIssue({ code: "custom", message: `must be at most ${RESOURCE_LIMITS.url} characters` });
    return z.NEVER;
  }
  const path = url.pathname.replace(/\/+$/, "");
  return { url: href, key: `${url.hostname.toLowerCase()}${url.port === "" ? "" : `:${url.port}`}${path}${url.search}` };
});

export type ResourceUrl = z.output<typeof resourceUrl>;

async function assertCanCurate(db: Db, guildId: string, actor: { id: string; moderator: boolean }): Promise<void> {
  if (actor.moderator) return;
  const profile = await findProfile(db, guildId, actor.id);
  if (profile === null || !profile.isMentor) throw new UserError("Only mentors and moderators can add or remove resources. Create your mentor profile with `/mentor profile` first.");
}

function tagsOf(raw: readonly string[]): { key: string; label: string }[] {
  return uniqueTopics(raw).map((t) => ({ key: t.key, label: t.display }));
}

export interface AddResult {
  resource: ResourceWithTopics;
  created: boolean;
  /** Topics this call added (all of them for a new resource). */
  added: string[];
}

export async function addResource(
  db: Db,
  guildId: string,
  actor: { id: string; moderator: boolean },
  input: { url: ResourceUrl; title: string; topics: readonly string[]; note?: string | undefined },
  now: Date,
): Promise<AddResult> {
  await assertCanCurate(db, guildId, actor);
  const tags = tagsOf(input.topics);
  if (tags.length === 0) throw new UserError("Option `topics`: give at least one topic, separated by commas.");
  const result = await inTransaction(db, async (tx) => {
    await lockLibrary(tx, guildId);
    const existing = await findResourceByKey(tx, guildId, input.url.key);
    if (existing !== null) {
      const have = new Set(existing.topics.map((t) => t.topicKey));
      const fresh = tags.filter((t) => !have.has(t.key));
      if (have.size + fresh.length > RESOURCE_LIMITS.topics) {
        throw new UserError(`Option \`topics\`: this link already has ${have.size} topics; a resource has at most ${RESOURCE_LIMITS.topics}.`);
      }
      await addResourceTopics(tx, existing.id, fresh, now);
      return { id: existing.id, created: false, added: fresh.map((t) => t.label) };
    }
    if ((await countResources(tx, guildId)) >= RESOURCE_LIMITS.perGuild) {
      throw new UserError(`The library holds ${RESOURCE_LIMITS.perGuild} resources, its limit. Remove old ones with \`/resources remove\` first.`);
    }
    const created = await createResource(
      tx,
      { guildId, url: input.url.url, urlKey: input.url.key, title: input.title, note: input.note ?? null, addedById: actor.id, createdAt: now, updatedAt: now },
      tags,
    );
    return { id: created.id, created: true, added: tags.map((t) => t.label) };
  });
  const resource = await findResource(db, result.id);
  if (resource === null) throw new Error("resource vanished");
  return { resource, created: result.created, added: result.added };
}

async function resourceIn(db: Db, guildId: string, id: number): Promise<ResourceWithTopics> {
  const resource = await findResource(db, id);
  if (resource === null || resource.guildId !== guildId) throw new UserError(`There is no resource #${id} in this server. See them with \`/resources list\`.`);
  return resource;
}

/** Removes a resource: the member who added it, or a moderator. */
export async function removeResource(db: Db, guildId: string, id: number, actor: { id: string; moderator: boolean }): Promise<ResourceWithTopics> {
  const resource = await resourceIn(db, guildId, id);
  if (!actor.moderator && resource.addedById !== actor.id) {
    throw new UserError(`Only the member who added resource #${id} or a moderator can remove it.`);
  }
  await deleteResource(db, id);
  return resource;
}

/** Resources for one topic as a member types it ("CV", "resume" → cv). */
export async function findResourcesByTopic(db: Db, guildId: string, topic: string, take = 8): Promise<{ label: string; resources: ResourceWithTopics[] }> {
  const described = describeTopic(topic);
  if (described.key === "") throw new UserError("Option `topic`: give a topic with letters or digits, e.g. interviewing.");
  return { label: described.display, resources: await resourcesWithTopics(db, guildId, [described.key], take) };
}

export function listLibrary(db: Db, guildId: string, page: number, take = 8): Promise<ResourceWithTopics[]> {
  return listResources(db, guildId, page * take, take);
}

/** Up to `take` resources for these topics, those sharing most of them first. */
export async function resourcesForTopics(db: Db, guildId: string, keys: readonly string[], take: number = RESOURCE_LIMITS.shownInWelcome): Promise<ResourceWithTopics[]> {
  const wanted = new Set(keys);
  const found = await resourcesWithTopics(db, guildId, [...wanted], 50);
  const overlap = (r: ResourceWithTopics) => r.topics.filter((t) => wanted.has(t.topicKey)).length;
  return found.sort((a, b) => overlap(b) - overlap(a)).slice(0, take);
}

/** Resources for a new pair: their shared topics (the mentor's offer ∩ the mentee's ask). */
export async function resourcesForPair(db: Db, guildId: string, mentorProfileId: number, menteeProfileId: number): Promise<ResourceWithTopics[]> {
  const [offered, asked] = await Promise.all([topicKeysOf(db, mentorProfileId, "mentor"), topicKeysOf(db, menteeProfileId, "mentee")]);
  const shared = asked.filter((k) => offered.includes(k));
  return resourcesForTopics(db, guildId, shared);
}

/** Resources for a mentee's own topics (`/match find` without a strong match). */
export async function resourcesForMentee(db: Db, guildId: string, userId: string): Promise<ResourceWithTopics[]> {
  const profile = await findProfile(db, guildId, userId);
  if (profile === null) return [];
  return resourcesForTopics(db, guildId, await topicKeysOf(db, profile.id, "mentee"));
}

/** Topic choices for `/resources find`: those in the library first, then the curated list. */
export async function resourceTopicChoices(db: Db, guildId: string, typed: string): Promise<string[]> {
  const used = await resourceTopicUsage(db, guildId);
  const needle = typed.trim().toLowerCase();
  const seen = new Set<string>();
  const out: string[] = [];
  for (const label of [...used.map((u) => u.label), ...KNOWN_TOPICS]) {
    const key = label.toLowerCase();
    if (seen.has(key) || (needle !== "" && !key.includes(needle))) continue;
    seen.add(key);
    out.push(label);
    if (out.length >= 25) break;
  }
  return out;
}

/** Resources for the `resource` option's autocomplete ("#12 Title"). */
export async function resourceChoices(db: Db, guildId: string, typed: string): Promise<ResourceWithTopics[]> {
  const needle = typed.trim().replace(/^#/, "").toLowerCase();
  const list = await listResources(db, guildId, 0, 200);
  return list.filter((r) => needle === "" || String(r.id).startsWith(needle) || r.title.toLowerCase().includes(needle)).slice(0, 25);
}
