// The resource library: tagged links, one row per URL and server, with their topics.
import type { Prisma, Resource, ResourceTopic } from "../generated/prisma/client.js";
import { providerOf } from "./profiles.js";
import type { DbOrTx } from "./tx.js";

export type { Resource, ResourceTopic };

export type ResourceWithTopics = Resource & { topics: ResourceTopic[] };

const withTopics = { topics: { orderBy: { topicKey: "asc" } } } as const;

/**
 * Holds the server's library until the end of the transaction, so that adds run one after another:
 * the "same link → one resource" rule and the per-server limit are check-then-write. On PostgreSQL
 * transactions overlap (a transaction-scoped advisory lock per server; without it, 5 mentors adding
 * one link at once hit the unique index and 4 were told "Something went wrong"); on SQLite the
 * connection already belongs to one transaction at a time, so there is nothing to lock.
 */
export async function lockLibrary(tx: Prisma.TransactionClient, guildId: string): Promise<void> {
  if (providerOf(tx) !== "postgresql") return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`resources:${guildId}`}))`;
}

export function findResourceByKey(db: DbOrTx, guildId: string, urlKey: string): Promise<ResourceWithTopics | null> {
  return db.resource.findUnique({ where: { guildId_urlKey: { guildId, urlKey } }, include: withTopics });
}

export function findResource(db: DbOrTx, id: number): Promise<ResourceWithTopics | null> {
  return db.resource.findUnique({ where: { id }, include: withTopics });
}

export function createResource(db: DbOrTx, data: Prisma.ResourceUncheckedCreateInput, topics: readonly { key: string; label: string }[]): Promise<ResourceWithTopics> {
  return db.resource.create({ data: { ...data, topics: { create: topics.map((t) => ({ topicKey: t.key, topicLabel: t.label })) } }, include: withTopics });
}

export async function addResourceTopics(db: DbOrTx, resourceId: number, topics: readonly { key: string; label: string }[], now: Date): Promise<void> {
  for (const t of topics) await db.resourceTopic.create({ data: { resourceId, topicKey: t.key, topicLabel: t.label } });
  await db.resource.update({ where: { id: resourceId }, data: { updatedAt: now } });
}

export function deleteResource(db: DbOrTx, id: number): Promise<Resource> {
  return db.resource.delete({ where: { id } });
}

export function countResources(db: DbOrTx, guildId: string): Promise<number> {
  return db.resource.count({ where: { guildId } });
}

/** Resources tagged with any of `keys`, newest first. */
export function resourcesWithTopics(db: DbOrTx, guildId: string, keys: readonly string[], take: number): Promise<ResourceWithTopics[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db.resource.findMany({
    where: { guildId, topics: { some: { topicKey: { in: [...keys] } } } },
    include: withTopics,
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take,
  });
}

export function listResources(db: DbOrTx, guildId: string, skip: number, take: number): Promise<ResourceWithTopics[]> {
  return db.resource.findMany({ where: { guildId }, include: withTopics, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip, take });
}

/** Topics the library holds in this server, most used first. */
export async function resourceTopicUsage(db: DbOrTx, guildId: string): Promise<{ key: string; label: string; count: number }[]> {
  const rows = await db.resourceTopic.groupBy({ by: ["topicKey", "topicLabel"], where: { resource: { guildId } }, _count: { _all: true } });
  return rows.map((r) => ({ key: r.topicKey, label: r.topicLabel, count: r._count._all })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** A profile's topic keys for one role. */
export async function topicKeysOf(db: DbOrTx, profileId: number, role: "mentor" | "mentee"): Promise<string[]> {
  const rows = await db.profileTopic.findMany({ where: { profileId, role }, select: { topic: { select: { key: true } } } });
  return rows.map((r) => r.topic.key);
}
