// Profiles and their topic tags. Every profile query of the bot goes through here.
import { Prisma, type Profile } from "../generated/prisma/client.js";
import { withMatchingChange } from "./matching-version.js";
import type { DbOrTx } from "./tx.js";

export type { Profile };

export type TopicRole = "mentor" | "mentee";

export interface TopicTag {
  key: string;
  label: string;
}

export type ProfileWithTopics = Profile & { topics: { role: string; topic: { key: string; label: string } }[] };

const withTopics = { topics: { include: { topic: { select: { key: true, label: true } } } } } as const;

export function findProfile(db: DbOrTx, guildId: string, userId: string): Promise<ProfileWithTopics | null> {
  return db.profile.findUnique({ where: { guildId_userId: { guildId, userId } }, include: withTopics });
}

export function findProfileById(db: DbOrTx, id: number): Promise<ProfileWithTopics | null> {
  return db.profile.findUnique({ where: { id }, include: withTopics });
}

export function topicsOf(profile: Pick<ProfileWithTopics, "topics">, role: TopicRole): TopicTag[] {
  return profile.topics
    .filter((t) => t.role === role)
    .map((t) => t.topic)
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Creates or updates the profile row; `create` must hold every required column. */
export function upsertProfile(
  db: DbOrTx,
  guildId: string,
  userId: string,
  create: Omit<Prisma.ProfileUncheckedCreateInput, "guildId" | "userId">,
  update: Prisma.ProfileUncheckedUpdateInput,
): Promise<Profile> {
  return withMatchingChange(db, async (tx) => {
    const profile = await tx.profile.upsert({
      where: { guildId_userId: { guildId, userId } },
      create: { guildId, userId, ...create },
      update,
    });
    return { result: profile, guildId, profileIds: [profile.id] };
  });
}

export function updateProfile(db: DbOrTx, id: number, data: Prisma.ProfileUncheckedUpdateInput): Promise<Profile> {
  return withMatchingChange(db, async (tx) => {
    const profile = await tx.profile.update({ where: { id }, data });
    return { result: profile, guildId: profile.guildId, profileIds: [profile.id] };
  });
}

/** Replaces the profile's tags for one role (mentor: can advise on; mentee: wants advice on). */
/**
 * The topic row for a tag, inserted if absent. One `INSERT … ON CONFLICT DO NOTHING` (both engines
 * have it), not Prisma's upsert, which reads then inserts: on PostgreSQL, 10 members saving the same
 * new topic at once all read "absent", and 9 inserts failed on the unique key.
 */
async function ensureTopic(db: DbOrTx, tag: TopicTag): Promise<{ id: number }> {
  await db.$executeRaw`INSERT INTO "Topic" ("key", "label") VALUES (${tag.key}, ${tag.label}) ON CONFLICT ("key") DO NOTHING`;
  return db.topic.findUniqueOrThrow({ where: { key: tag.key }, select: { id: true } });
}

export async function replaceTopics(db: DbOrTx, profileId: number, role: TopicRole, tags: TopicTag[]): Promise<void> {
  await withMatchingChange(db, async (tx) => {
    await tx.profileTopic.deleteMany({ where: { profileId, role } });
    for (const tag of tags) {
      const topic = await ensureTopic(tx, tag);
      await tx.profileTopic.create({ data: { profileId, topicId: topic.id, role } });
    }
    const owner = await tx.profile.findUnique({ where: { id: profileId }, select: { guildId: true } });
    return { result: undefined, guildId: owner?.guildId ?? null, profileIds: [profileId] };
  });
}

/** The profiles of these members in one server (bulk import), with their topics. */
export async function findProfilesByUserIds(db: DbOrTx, guildId: string, userIds: readonly string[]): Promise<ProfileWithTopics[]> {
  const found: ProfileWithTopics[] = [];
  for (const ids of chunks([...new Set(userIds)], IN_CHUNK)) {
    found.push(...(await db.profile.findMany({ where: { guildId, userId: { in: ids } }, include: withTopics })));
  }
  return found;
}

/** Creates new profiles in one statement per chunk (bulk import); each `columns` holds every required column. */
export async function createProfiles(
  db: DbOrTx,
  guildId: string,
  rows: readonly { userId: string; columns: Omit<Prisma.ProfileCreateManyInput, "guildId" | "userId"> }[],
): Promise<number> {
  let count = 0;
  for (const part of chunks(rows, IN_CHUNK)) {
    count += await withMatchingChange(db, async (tx) => {
      const made = (await tx.profile.createMany({ data: part.map((r) => ({ ...r.columns, guildId, userId: r.userId })) })).count;
      const ids = await tx.profile.findMany({ where: { guildId, userId: { in: part.map((r) => r.userId) } }, select: { id: true } });
      return { result: made, guildId, profileIds: ids.map((r) => r.id) };
    });
  }
  return count;
}

/** The ids of these tags, creating the ones no profile has used yet (keys are canonical). */
export async function ensureTopics(db: DbOrTx, tags: readonly TopicTag[]): Promise<Map<string, number>> {
  const byKey = new Map<string, TopicTag>();
  for (const tag of tags) if (!byKey.has(tag.key)) byKey.set(tag.key, tag);
  const ids = new Map<string, number>();
  for (const keys of chunks([...byKey.keys()], IN_CHUNK)) {
    for (const t of await db.topic.findMany({ where: { key: { in: keys } }, select: { id: true, key: true } })) ids.set(t.key, t.id);
    const missing = keys.filter((k) => !ids.has(k)).flatMap((k) => byKey.get(k) ?? []);
    if (missing.length === 0) continue;
    // One multi-row INSERT … ON CONFLICT DO NOTHING (both engines): on PostgreSQL a member may save
    // the same new tag meanwhile, as in ensureTopic.
    await db.$executeRaw`INSERT INTO "Topic" ("key", "label") VALUES ${Prisma.join(missing.map((t) => Prisma.sql`(${t.key}, ${t.label})`))} ON CONFLICT ("key") DO NOTHING`;
    for (const t of await db.topic.findMany({ where: { key: { in: missing.map((m) => m.key) } }, select: { id: true, key: true } })) ids.set(t.key, t.id);
  }
  return ids;
}

/** Replaces the tags of many (profile, role) pairs at once (bulk import): old rows deleted, new ones inserted. */
export async function replaceTopicsBulk(
  db: DbOrTx,
  guildId: string,
  items: readonly { profileId: number; role: TopicRole; topicIds: readonly number[] }[],
): Promise<void> {
  for (const role of ["mentor", "mentee"] as const) {
    const ofRole = items.filter((i) => i.role === role);
    for (const part of chunks(ofRole, IN_CHUNK)) {
      await withMatchingChange(db, async (tx) => {
        await tx.profileTopic.deleteMany({ where: { role, profileId: { in: part.map((i) => i.profileId) } } });
        const data = part.flatMap((i) => [...new Set(i.topicIds)].map((topicId) => ({ profileId: i.profileId, topicId, role })));
        if (data.length > 0) await tx.profileTopic.createMany({ data });
        return { result: undefined, guildId, profileIds: part.map((i) => i.profileId) };
      });
    }
  }
}

// ── Aggregates for /mod stats: counts and sums in the database, no profile loaded whole ─────────

/** Mentors who take new mentees at `now`: "on until X" turns off at X, "off until X" back on (services' isMentorAvailable). */
export function availableMentorWhere(now: Date): Prisma.ProfileWhereInput {
  return {
    isMentor: true,
    OR: [
      { mentorAvailableUntil: null, mentorAvailable: true },
      { mentorAvailableUntil: { gt: now }, mentorAvailable: true },
      { mentorAvailableUntil: { lte: now }, mentorAvailable: false },
    ],
  };
}

/** Mentors in a server: all of them, those available at `now`, and the places the available ones offer. */
export async function mentorTotals(db: DbOrTx, guildId: string, now: Date): Promise<{ total: number; available: number; places: number }> {
  const [total, available] = await Promise.all([
    db.profile.count({ where: { guildId, isMentor: true } }),
    db.profile.aggregate({ where: { guildId, ...availableMentorWhere(now) }, _count: { _all: true }, _sum: { mentorCapacity: true } }),
  ]);
  return { total, available: available._count._all, places: available._sum.mentorCapacity ?? 0 };
}

export interface MentorSlot {
  id: number;
  isMentor: boolean;
  mentorAvailable: boolean;
  mentorAvailableUntil: Date | null;
  mentorCapacity: number;
}

/** Availability and capacity of the given profiles (the mentors who have a load), nothing else. */
export async function mentorSlots(db: DbOrTx, ids: readonly number[]): Promise<MentorSlot[]> {
  const out: MentorSlot[] = [];
  for (const part of chunks([...new Set(ids)], IN_CHUNK)) {
    out.push(
      ...(await db.profile.findMany({
        where: { id: { in: part } },
        select: { id: true, isMentor: true, mentorAvailable: true, mentorAvailableUntil: true, mentorCapacity: true },
      })),
    );
  }
  return out;
}

/**
 * Mentees in a server: all, those without a match in `busy` statuses (waiting: no active mentor),
 * and those without a match in `unplaced` statuses (nothing in progress either).
 */
export async function menteeTotals(
  db: DbOrTx,
  guildId: string,
  statuses: { waiting: readonly string[]; unplaced: readonly string[] },
): Promise<{ total: number; waiting: number; unplaced: number }> {
  const [total, waiting, unplaced] = await Promise.all([
    db.profile.count({ where: { guildId, isMentee: true } }),
    db.profile.count({ where: { guildId, isMentee: true, menteeMatches: { none: { status: { in: [...statuses.waiting] } } } } }),
    db.profile.count({ where: { guildId, isMentee: true, menteeMatches: { none: { status: { in: [...statuses.unplaced] } } } } }),
  ]);
  return { total, waiting, unplaced };
}

/** When each waiting mentee's wait started (id order): two timestamps a row, for the median and the longest waits. */
export function waitingMenteeStarts(db: DbOrTx, guildId: string, busy: readonly string[]): Promise<{ id: number; menteeWaitingSince: Date | null; createdAt: Date }[]> {
  return db.profile.findMany({
    where: { guildId, isMentee: true, menteeMatches: { none: { status: { in: [...busy] } } } },
    select: { id: true, menteeWaitingSince: true, createdAt: true },
    orderBy: { id: "asc" },
  });
}

/** Display names of a few profiles (the longest waits). */
export async function displayNames(db: DbOrTx, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await db.profile.findMany({ where: { id: { in: [...ids] } }, select: { id: true, displayName: true } });
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/**
 * Topic ids offered by mentors available at `now`, leaving out the given (full) mentors. Counted,
 * not filtered with `NOT IN (…)`: on a large server the full mentors are thousands, past the
 * engines' bound-parameter limit (100k + 100k: "query parameter limit exceeded"). A topic is offered
 * when more available mentors offer it than full ones; `excludeProfileIds` must be available
 * mentors of this server (the full ones), or the count is wrong.
 */
export async function offeredTopicIds(db: DbOrTx, guildId: string, now: Date, excludeProfileIds: readonly number[]): Promise<Set<number>> {
  const where = { role: "mentor", profile: { guildId, ...availableMentorWhere(now) } } as const;
  const offering = await db.profileTopic.groupBy({ by: ["topicId"], where, _count: { _all: true } });
  const full = new Map<number, number>();
  for (const part of chunks([...new Set(excludeProfileIds)], IN_CHUNK)) {
    // The full mentors are available ones (the caller's rule), so only their rows are counted here:
    // the primary key (profileId, role, topicId) answers it without the profile join.
    for (const r of await db.profileTopic.groupBy({ by: ["topicId"], where: { role: "mentor", profileId: { in: part } }, _count: { _all: true } })) {
      full.set(r.topicId, (full.get(r.topicId) ?? 0) + r._count._all);
    }
  }
  return new Set(offering.filter((r) => r._count._all > (full.get(r.topicId) ?? 0)).map((r) => r.topicId));
}

/** For each topic, how many mentees without a match in `busy` statuses ask for it, with its label. */
export async function menteeTopicCounts(db: DbOrTx, guildId: string, busy: readonly string[]): Promise<{ topicId: number; label: string; mentees: number }[]> {
  const rows = await db.profileTopic.groupBy({
    by: ["topicId"],
    where: { role: "mentee", profile: { guildId, isMentee: true, menteeMatches: { none: { status: { in: [...busy] } } } } },
    _count: { _all: true },
  });
  if (rows.length === 0) return [];
  const labels = new Map<number, string>();
  for (const part of chunks(rows.map((r) => r.topicId), IN_CHUNK)) {
    for (const t of await db.topic.findMany({ where: { id: { in: part } }, select: { id: true, label: true } })) labels.set(t.id, t.label);
  }
  return rows.flatMap((r) => {
    const label = labels.get(r.topicId);
    return label === undefined ? [] : [{ topicId: r.topicId, label, mentees: r._count._all }];
  });
}

/** Ids per `IN (...)` list: well under SQLite's and PostgreSQL's bound-parameter limits. */
const IN_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function listMentorProfiles(db: DbOrTx, guildId: string): Promise<ProfileWithTopics[]> {
  return db.profile.findMany({ where: { guildId, isMentor: true }, include: withTopics, orderBy: { id: "asc" } });
}

export function listMenteeProfiles(db: DbOrTx, guildId: string): Promise<ProfileWithTopics[]> {
  return db.profile.findMany({ where: { guildId, isMentee: true }, include: withTopics, orderBy: { id: "asc" } });
}

/** Topic keys used in a guild, most used first (autocomplete). */
export async function topicUsage(db: DbOrTx, guildId: string, role?: TopicRole): Promise<{ key: string; label: string; count: number }[]> {
  const rows = await db.profileTopic.groupBy({
    by: ["topicId"],
    where: { profile: { guildId }, ...(role === undefined ? {} : { role }) },
    _count: { _all: true },
  });
  if (rows.length === 0) return [];
  const topics = await db.topic.findMany({ where: { id: { in: rows.map((r) => r.topicId) } } });
  const byId = new Map(topics.map((t) => [t.id, t]));
  return rows
    .flatMap((r) => {
      const topic = byId.get(r.topicId);
      return topic === undefined ? [] : [{ key: topic.key, label: topic.label, count: r._count._all }];
    })
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Industries members of a guild have entered (autocomplete), most common first. */
export async function industryUsage(db: DbOrTx, guildId: string): Promise<string[]> {
  const rows = await db.profile.groupBy({ by: ["industry"], where: { guildId }, _count: { _all: true } });
  return rows.sort((a, b) => b._count._all - a._count._all || a.industry.localeCompare(b.industry)).map((r) => r.industry);
}

/** Removes topics no profile uses any more (a custom tag can itself be personal text). */
export function deleteOrphanTopics(db: DbOrTx): Promise<Prisma.BatchPayload> {
  return db.topic.deleteMany({ where: { profiles: { none: {} } } });
}

/**
 * Locks the given profile rows until the end of the transaction, in id order (no deadlock between
 * two callers locking the same set). On PostgreSQL, transactions really overlap, so a
 * check-then-write on a mentor's capacity or a mentee's open requests must hold the profile row
 * first; on SQLite the connection already belongs to one transaction at a time
 * (db/connection-lock.ts), so there is nothing to lock. Call with a transaction client.
 */
export async function lockProfiles(tx: Prisma.TransactionClient, ids: readonly number[]): Promise<void> {
  if (providerOf(tx) !== "postgresql" || ids.length === 0) return;
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  await tx.$queryRaw`SELECT "id" FROM "Profile" WHERE "id" IN (${Prisma.join(sorted)}) ORDER BY "id" FOR UPDATE`;
}

/** The engine behind a client or transaction client (Prisma's own provider name). */
export function providerOf(db: DbOrTx): string {
  // Prisma sets this on the client and on every transaction client made from it; a test checks
  // it on both engines (test/db/locks.test.ts), so an upgrade that drops it is noticed.
  return (db as unknown as { _activeProvider?: string })._activeProvider ?? "sqlite";
}

/** The columns of a profile that matching reads (a ProfileWithTopics is one too). */
export type MatchingProfileRow = Pick<
  ProfileWithTopics,
  | "id"
  | "guildId"
  | "userId"
  | "displayName"
  | "industry"
  | "stage"
  | "isMentor"
  | "isMentee"
  | "canAdviseOn"
  | "wantsAdviceOn"
  | "mentorCapacity"
  | "mentorAvailable"
  | "mentorAvailableUntil"
  | "mentorAdvises"
  | "menteeAcceptsFrom"
  | "changingCareer"
  | "targetIndustry"
  | "menteeWaitingSince"
> & { topics: { role: string; topic: { key: string; label: string } }[] };

interface RawProfile {
  id: number | bigint;
  guildId: string;
  userId: string;
  displayName: string;
  industry: string;
  stage: string;
  isMentor: boolean | number | bigint;
  isMentee: boolean | number | bigint;
  canAdviseOn: string | null;
  wantsAdviceOn: string | null;
  mentorCapacity: number | bigint;
  mentorAvailable: boolean | number | bigint;
  mentorAvailableUntil: Date | string | number | null;
  mentorAdvises: string;
  menteeAcceptsFrom: string;
  changingCareer: boolean | number | bigint;
  targetIndustry: string | null;
  menteeWaitingSince: Date | string | number | null;
}

/**
 * One instance per distinct short value (topic keys and labels, industries, stages, preferences):
 * a server's 200,000 profiles repeat a few thousand of them, and the live index keeps them all.
 */
const interned = new Map<string, string>();
function intern(value: string): string {
  const known = interned.get(value);
  if (known !== undefined) return known;
  if (interned.size >= 50_000) interned.clear();
  interned.set(value, value);
  return value;
}

const truthy = (value: boolean | number | bigint): boolean => value === true || Number(value) === 1;
const dateOf = (value: Date | string | number | null): Date | null => (value === null ? null : value instanceof Date ? value : new Date(value));

/**
 * One page (id order, after `afterId`) of a guild's mentor and mentee profiles, only the columns
 * matching reads, with their topics: two plain queries (the live index's cold build reads a whole
 * server this way, several times faster than the ORM's include, and without the other columns).
 */
export async function listMatchingProfilesPage(db: DbOrTx, guildId: string, afterId: number, take: number): Promise<MatchingProfileRow[]> {
  const rows = await db.$queryRaw<RawProfile[]>`
    SELECT "id", "guildId", "userId", "displayName", "industry", "stage", "isMentor", "isMentee", "canAdviseOn", "wantsAdviceOn",
           "mentorCapacity", "mentorAvailable", "mentorAvailableUntil", "mentorAdvises", "menteeAcceptsFrom", "changingCareer",
           "targetIndustry", "menteeWaitingSince"
    FROM "Profile"
    WHERE "guildId" = ${guildId} AND "id" > ${afterId} AND ("isMentor" = TRUE OR "isMentee" = TRUE)
    ORDER BY "id" ASC
    LIMIT ${take}`;
  if (rows.length === 0) return [];
  const last = Number(rows[rows.length - 1]?.id ?? afterId);
  const tags = await db.$queryRaw<{ profileId: number | bigint; role: string; key: string; label: string }[]>`
    SELECT pt."profileId", pt."role", t."key", t."label"
    FROM "ProfileTopic" pt JOIN "Topic" t ON t."id" = pt."topicId" JOIN "Profile" p ON p."id" = pt."profileId"
    WHERE p."guildId" = ${guildId} AND pt."profileId" > ${afterId} AND pt."profileId" <= ${last}`;
  const topics = new Map<number, MatchingProfileRow["topics"]>();
  for (const tag of tags) {
    const id = Number(tag.profileId);
    let list = topics.get(id);
    if (list === undefined) {
      list = [];
      topics.set(id, list);
    }
    list.push({ role: intern(tag.role), topic: { key: intern(tag.key), label: intern(tag.label) } });
  }
  return rows.map((r) => ({
    id: Number(r.id),
    guildId: r.guildId,
    userId: r.userId,
    displayName: r.displayName,
    industry: intern(r.industry),
    stage: intern(r.stage),
    isMentor: truthy(r.isMentor),
    isMentee: truthy(r.isMentee),
    canAdviseOn: r.canAdviseOn,
    wantsAdviceOn: r.wantsAdviceOn,
    mentorCapacity: Number(r.mentorCapacity),
    mentorAvailable: truthy(r.mentorAvailable),
    mentorAvailableUntil: dateOf(r.mentorAvailableUntil),
    mentorAdvises: intern(r.mentorAdvises),
    menteeAcceptsFrom: intern(r.menteeAcceptsFrom),
    changingCareer: truthy(r.changingCareer),
    targetIndustry: r.targetIndustry === null ? null : intern(r.targetIndustry),
    menteeWaitingSince: dateOf(r.menteeWaitingSince),
    topics: topics.get(Number(r.id)) ?? [],
  }));
}

/** The given profiles (those that still exist), with their topics. */
export function findProfilesByIds(db: DbOrTx, ids: readonly number[]): Promise<ProfileWithTopics[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.profile.findMany({ where: { id: { in: [...ids] } }, include: withTopics });
}
