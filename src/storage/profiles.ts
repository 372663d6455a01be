// Profiles and their topic tags. Every profile query of the bot goes through here.
import { Prisma, type Profile } from "../generated/prisma/client.js";
import { chunks, IN_CHUNK } from "./chunks.js";
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

/**
 * Updates several profiles of one server (bulk import): a row update each, and one matching
 * change for all of them (one version, not one per profile). Profiles of another server are not
 * touched (the update fails: the caller's ids are its own server's).
 */
export async function updateProfiles(db: DbOrTx, guildId: string, updates: readonly { id: number; data: Prisma.ProfileUncheckedUpdateInput }[]): Promise<number> {
  if (updates.length === 0) return 0;
  let count = 0;
  for (const part of chunks(updates, IN_CHUNK)) {
    count += await withMatchingChange(db, async (tx) => {
      for (const u of part) await tx.profile.update({ where: { id: u.id, guildId }, data: u.data });
      return { result: part.length, guildId, profileIds: part.map((u) => u.id) };
    });
  }
  return count;
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
    const owner = await tx.profile.findUnique({ where: { id: profileId }, select: { guildId: true } });
    await tx.profileTopic.deleteMany({ where: { profileId, role } });
    if (owner === null) return { result: undefined, guildId: null, profileIds: [profileId] };
    for (const tag of tags) {
      const topic = await ensureTopic(tx, tag);
      await tx.profileTopic.create({ data: { profileId, topicId: topic.id, role, guildId: owner.guildId } });
    }
    return { result: undefined, guildId: owner.guildId, profileIds: [profileId] };
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
        const data = part.flatMap((i) => [...new Set(i.topicIds)].map((topicId) => ({ profileId: i.profileId, topicId, role, guildId })));
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

/**
 * Mentees in a server: all, those without a match in `waiting` statuses (no active mentor), and
 * those without a match in `unplaced` statuses (nothing in progress either). Subtracted, not
 * filtered: the mentees with such a match are few (one match each, read from the match index),
 * while filtering runs a match lookup for every mentee of the server.
 */
export async function menteeTotals(
  db: DbOrTx,
  guildId: string,
  statuses: { waiting: readonly string[]; unplaced: readonly string[] },
): Promise<{ total: number; waiting: number; unplaced: number }> {
  const [total, matchedWaiting, matchedUnplaced] = await Promise.all([
    db.profile.count({ where: { guildId, isMentee: true } }),
    countMenteesWithMatch(db, guildId, statuses.waiting),
    countMenteesWithMatch(db, guildId, statuses.unplaced),
  ]);
  return { total, waiting: total - matchedWaiting, unplaced: total - matchedUnplaced };
}

/** Mentee profiles of the server with at least one match in `statuses`. */
async function countMenteesWithMatch(db: DbOrTx, guildId: string, statuses: readonly string[]): Promise<number> {
  if (statuses.length === 0) return 0;
  const rows = await db.$queryRaw<{ n: number | bigint }[]>`
    SELECT COUNT(DISTINCT m."menteeProfileId") AS "n"
    FROM "Match" m JOIN "Profile" p ON p."id" = m."menteeProfileId"
    WHERE m."guildId" = ${guildId} AND m."status" IN (${Prisma.join(statuses)}) AND p."guildId" = ${guildId} AND p."isMentee" = TRUE`;
  return Number(rows[0]?.n ?? 0);
}

/** The SQL for "this mentee (alias p) of the server has no match in `busy` statuses". */
function waitingMenteeSql(guildId: string, busy: readonly string[]): Prisma.Sql {
  const none = busy.length === 0 ? Prisma.empty : Prisma.sql`AND NOT EXISTS (SELECT 1 FROM "Match" m WHERE m."menteeProfileId" = p."id" AND m."status" IN (${Prisma.join(busy)}))`;
  return Prisma.sql`p."guildId" = ${guildId} AND p."isMentee" = TRUE ${none}`;
}

export interface WaitStart {
  id: number;
  displayName: string;
  /** When the wait started: when the mentee last became free (menteeWaitingSince), else the profile's creation. */
  start: Date;
}

/**
 * Waiting mentees without a menteeWaitingSince (their wait counts from the profile's creation)
 * that waitStarts reads whole. The services stamp every mentee who becomes free, so there are
 * normally none; past this many, waitStarts sorts every waiting mentee instead.
 */
const UNSTAMPED_READ = 2000;

type WaitRow = { id: number | bigint; displayName?: string; start: Date | string | number; createdAt: Date | string | number };
interface Wait {
  id: number;
  displayName: string;
  start: number;
  createdAt: number;
}

const toWait = (r: WaitRow): Wait => ({
  id: Number(r.id),
  displayName: r.displayName ?? "",
  start: dateOf(r.start)?.getTime() ?? 0,
  createdAt: dateOf(r.createdAt)?.getTime() ?? 0,
});

/** The order of waits: earliest start first, then the older profile, then the lower id. */
const byWait = (a: Wait, b: Wait): number => a.start - b.start || a.createdAt - b.createdAt || a.id - b.id;

/** Two lists sorted byWait, merged. */
function mergeWaits(a: readonly Wait[], b: readonly Wait[]): Wait[] {
  const out: Wait[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && byWait(x, y) <= 0)) {
      out.push(x as Wait);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

/**
 * The longest waits and the middle of the waits, without reading or sorting every waiting mentee:
 * the `longest` earliest wait starts (ties: the older profile first, then the lower id), and the
 * one or two starts in the middle of the `waiting` mentees' (a median: one for an odd count, two
 * to average for an even one). `waiting` is the count menteeTotals gave (it sets where the
 * middle is).
 *
 * The mentees stamped with a menteeWaitingSince are walked in the order of the (guildId,
 * isMentee, menteeWaitingSince, createdAt) index, which is the wait order, so the database stops
 * after the first rows (longest) or after the middle (an OFFSET over the index, no sort). The
 * unstamped ones (U of them, normally none) are read whole and merged in: the middle of all
 * waits is then among the stamped waits from position k − U to k + 1, a window of at most U + 2
 * rows. With more than UNSTAMPED_READ unstamped mentees, every waiting mentee is sorted instead.
 */
export async function waitStarts(
  db: DbOrTx,
  guildId: string,
  busy: readonly string[],
  waiting: number,
  longest: number,
  unstampedRead = UNSTAMPED_READ,
): Promise<{ longest: WaitStart[]; middle: Date[] }> {
  if (waiting <= 0) return { longest: [], middle: [] };
  const where = waitingMenteeSql(guildId, busy);
  const unstamped = (
    await db.$queryRaw<WaitRow[]>`
      SELECT p."id", p."displayName", p."createdAt" AS "start", p."createdAt" FROM "Profile" p
      WHERE ${where} AND p."menteeWaitingSince" IS NULL ORDER BY p."createdAt" ASC, p."id" ASC LIMIT ${unstampedRead + 1}`
  ).map(toWait);
  if (unstamped.length > unstampedRead) return sortedWaitStarts(db, where, waiting, longest);
  const stamped = Prisma.sql`${where} AND p."menteeWaitingSince" IS NOT NULL ORDER BY p."menteeWaitingSince" ASC, p."createdAt" ASC, p."id" ASC`;
  // W = all waits in order; position k (and k + 1 for an even count) is the middle.
  const k = Math.floor((waiting - 1) / 2);
  const count = waiting % 2 === 1 ? 1 : 2;
  const from = Math.max(0, k - unstamped.length);
  const [first, window] = await Promise.all([
    db.$queryRaw<WaitRow[]>`SELECT p."id", p."displayName", p."menteeWaitingSince" AS "start", p."createdAt" FROM "Profile" p WHERE ${stamped} LIMIT ${longest}`,
    db.$queryRaw<WaitRow[]>`SELECT p."id", p."menteeWaitingSince" AS "start", p."createdAt" FROM "Profile" p WHERE ${stamped} LIMIT ${k + count - from} OFFSET ${from}`,
  ]);
  const stampedWindow = window.map(toWait);
  // The window starts at stamped position `from`: before it are `from` stamped waits and the
  // unstamped ones that sort before its first row (all at positions below k when from > 0).
  const head = stampedWindow[0];
  const rest = from === 0 || head === undefined ? unstamped : unstamped.filter((u) => byWait(u, head) >= 0);
  const at = Math.max(0, k - (from + unstamped.length - rest.length));
  return {
    longest: mergeWaits(first.map(toWait), unstamped)
      .slice(0, longest)
      .map((w) => ({ id: w.id, displayName: w.displayName, start: new Date(w.start) })),
    middle: mergeWaits(stampedWindow, rest)
      .slice(at, at + count)
      .map((w) => new Date(w.start)),
  };
}

/** waitStarts by sorting every waiting mentee on COALESCE(menteeWaitingSince, createdAt). */
async function sortedWaitStarts(db: DbOrTx, where: Prisma.Sql, waiting: number, longest: number): Promise<{ longest: WaitStart[]; middle: Date[] }> {
  const start = Prisma.sql`COALESCE(p."menteeWaitingSince", p."createdAt")`;
  const [first, middle] = await Promise.all([
    db.$queryRaw<WaitRow[]>`
      SELECT p."id", p."displayName", ${start} AS "start", p."createdAt" FROM "Profile" p WHERE ${where}
      ORDER BY "start" ASC, p."createdAt" ASC, p."id" ASC LIMIT ${longest}`,
    db.$queryRaw<{ start: Date | string | number }[]>`
      SELECT ${start} AS "start" FROM "Profile" p WHERE ${where} ORDER BY "start" ASC
      LIMIT ${waiting % 2 === 1 ? 1 : 2} OFFSET ${Math.floor((waiting - 1) / 2)}`,
  ]);
  return {
    longest: first.map(toWait).map((w) => ({ id: w.id, displayName: w.displayName, start: new Date(w.start) })),
    middle: middle.flatMap((r) => dateOf(r.start) ?? []),
  };
}

/**
 * The topics of the server's mentee tags, each once, in id order: a skip scan of the (guildId,
 * role, topicId) index (a recursive query seeking the next topic id), so the cost is the number
 * of distinct topics, not of tags.
 */
async function menteeTopicIds(db: DbOrTx, guildId: string): Promise<number[]> {
  const next = (after: Prisma.Sql) =>
    Prisma.sql`SELECT MIN(pt."topicId") FROM "ProfileTopic" pt WHERE pt."guildId" = ${guildId} AND pt."role" = 'mentee' ${after}`;
  const rows = await db.$queryRaw<{ id: number | bigint | null }[]>`
    WITH RECURSIVE t("id") AS (
      SELECT (${next(Prisma.empty)})
      UNION ALL
      SELECT (${next(Prisma.sql`AND pt."topicId" > t."id"`)}) FROM t WHERE t."id" IS NOT NULL
    )
    SELECT "id" FROM t WHERE "id" IS NOT NULL`;
  return rows.flatMap((r) => (r.id === null ? [] : [Number(r.id)]));
}

/**
 * The topics that mentees of the server without a match in `busy` statuses ask for and that no
 * mentor offers who takes new mentees at `now` (topicsOfferedAmong), with how many such mentees
 * ask for each and its label. Only the unmet topics' tags are counted (from the (guildId, role,
 * topicId) index), less the tags of the mentees who have such a match (few: one match each).
 * Mentee tags belong to mentee profiles only (a profile drops a side only by being deleted,
 * which deletes its tags).
 */
export async function unmetTopicCounts(
  db: DbOrTx,
  guildId: string,
  now: Date,
  busy: readonly string[],
  loadStatuses: readonly string[],
): Promise<{ topicId: number; label: string; mentees: number }[]> {
  const asked = await menteeTopicIds(db, guildId);
  const offered = await topicsOfferedAmong(db, guildId, now, asked, loadStatuses);
  const unmet = asked.filter((id) => !offered.has(id));
  if (unmet.length === 0) return [];
  const counts = new Map<number, number>();
  for (const part of chunks(unmet, IN_CHUNK)) {
    const rows = await db.profileTopic.groupBy({ by: ["topicId"], where: { guildId, role: "mentee", topicId: { in: part } }, _count: { _all: true } });
    for (const r of rows) counts.set(r.topicId, r._count._all);
  }
  if (busy.length > 0) {
    // Driven from the matches (a join, not `profileId IN (…)`: SQLite then walked every mentee tag, 275 ms vs 19 ms at 100k).
    const matched = await db.$queryRaw<{ topicId: number | bigint; n: number | bigint }[]>`
      SELECT pt."topicId", COUNT(*) AS "n"
      FROM (SELECT DISTINCT m."menteeProfileId" AS "id" FROM "Match" m
            WHERE m."guildId" = ${guildId} AND m."status" IN (${Prisma.join(busy)}) AND m."menteeProfileId" IS NOT NULL) b
      JOIN "ProfileTopic" pt ON pt."profileId" = b."id" AND pt."role" = 'mentee'
      GROUP BY pt."topicId"`;
    for (const r of matched) {
      const id = Number(r.topicId);
      const n = counts.get(id);
      if (n !== undefined) counts.set(id, n - Number(r.n));
    }
  }
  const waiting = [...counts.entries()].filter(([, n]) => n > 0);
  if (waiting.length === 0) return [];
  const labels = new Map<number, string>();
  for (const part of chunks(waiting.map(([id]) => id), IN_CHUNK)) {
    for (const t of await db.topic.findMany({ where: { id: { in: part } }, select: { id: true, label: true } })) labels.set(t.id, t.label);
  }
  return waiting.flatMap(([topicId, mentees]) => {
    const label = labels.get(topicId);
    return label === undefined ? [] : [{ topicId, label, mentees }];
  });
}

/** availableMentorWhere as SQL, for the mentor profile aliased `q`. */
function availableMentorSql(now: Date): Prisma.Sql {
  return Prisma.sql`(q."isMentor" = TRUE AND ((q."mentorAvailableUntil" IS NULL AND q."mentorAvailable" = TRUE)
    OR (q."mentorAvailableUntil" > ${now} AND q."mentorAvailable" = TRUE)
    OR (q."mentorAvailableUntil" <= ${now} AND q."mentorAvailable" = FALSE)))`;
}

/**
 * The places mentors of the server fill (matches in `loadStatuses` of mentor profiles) and how
 * many available mentors are full: one grouped query over the server's open matches, joined to
 * the mentors who have one.
 */
export async function mentorLoadSummary(db: DbOrTx, guildId: string, now: Date, loadStatuses: readonly string[]): Promise<{ used: number; full: number }> {
  if (loadStatuses.length === 0) return { used: 0, full: 0 };
  const rows = await db.$queryRaw<{ used: number | bigint; full: number | bigint }[]>`
    SELECT CAST(COALESCE(SUM(x."n"), 0) AS INTEGER) AS "used",
           CAST(COALESCE(SUM(CASE WHEN x."n" >= q."mentorCapacity" AND ${availableMentorSql(now)} THEN 1 ELSE 0 END), 0) AS INTEGER) AS "full"
    FROM (SELECT m."mentorProfileId" AS "id", COUNT(*) AS "n" FROM "Match" m
          WHERE m."guildId" = ${guildId} AND m."status" IN (${Prisma.join(loadStatuses)}) AND m."mentorProfileId" IS NOT NULL
          GROUP BY m."mentorProfileId") x
    JOIN "Profile" q ON q."id" = x."id"
    WHERE q."isMentor" = TRUE`;
  return { used: Number(rows[0]?.used ?? 0), full: Number(rows[0]?.full ?? 0) };
}

/**
 * Which of `topicIds` a mentor of the server offers who takes new mentees at `now` (available,
 * fewer matches in `loadStatuses` than their capacity). One query; per topic, the database walks
 * the (guildId, role, topicId) index only until it meets such a mentor, so a topic with free
 * mentors costs a few rows whatever the server's size.
 */
export async function topicsOfferedAmong(
  db: DbOrTx,
  guildId: string,
  now: Date,
  topicIds: readonly number[],
  loadStatuses: readonly string[],
): Promise<Set<number>> {
  const offered = new Set<number>();
  const load =
    loadStatuses.length === 0
      ? Prisma.sql`0`
      : Prisma.sql`(SELECT COUNT(*) FROM "Match" l WHERE l."mentorProfileId" = q."id" AND l."status" IN (${Prisma.join(loadStatuses)}))`;
  for (const part of chunks([...new Set(topicIds)], IN_CHUNK)) {
    const rows = await db.$queryRaw<{ id: number | bigint }[]>`
      SELECT t."id" FROM "Topic" t
      WHERE t."id" IN (${Prisma.join(part)}) AND EXISTS (
        SELECT 1 FROM "ProfileTopic" o JOIN "Profile" q ON q."id" = o."profileId"
        WHERE o."guildId" = ${guildId} AND o."role" = 'mentor' AND o."topicId" = t."id"
          AND ${availableMentorSql(now)} AND ${load} < q."mentorCapacity")`;
    for (const r of rows) offered.add(Number(r.id));
  }
  return offered;
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
/** A date column read by raw SQL: a Date on PostgreSQL, text or a number on SQLite. */
export const dateOf = (value: Date | string | number | null): Date | null => (value === null ? null : value instanceof Date ? value : new Date(value));

/**
 * One page (id order, after `afterId`) of a guild's mentor and mentee profiles, only the columns
 * matching reads, with their topics: two plain queries (the live index's cold build reads a whole
 * server this way, several times faster than the ORM's include, and without the other columns).
 * Both walk the primary key from `afterId`: on SQLite, without table statistics, the planner
 * otherwise preferred a server index (`guildId = ?` beats a range in its rules) and read the whole
 * server for every page, 160 ms a page at 100k + 100k; the unary `+` keeps it off those indexes.
 */
export async function listMatchingProfilesPage(db: DbOrTx, guildId: string, afterId: number, take: number): Promise<MatchingProfileRow[]> {
  const sqlite = providerOf(db) === "sqlite";
  const profileGuild = sqlite ? Prisma.sql`+"guildId"` : Prisma.sql`"guildId"`;
  const tagGuild = sqlite ? Prisma.sql`+pt."guildId"` : Prisma.sql`pt."guildId"`;
  const rows = await db.$queryRaw<RawProfile[]>`
    SELECT "id", "guildId", "userId", "displayName", "industry", "stage", "isMentor", "isMentee", "canAdviseOn", "wantsAdviceOn",
           "mentorCapacity", "mentorAvailable", "mentorAvailableUntil", "mentorAdvises", "menteeAcceptsFrom", "changingCareer",
           "targetIndustry", "menteeWaitingSince"
    FROM "Profile"
    WHERE ${profileGuild} = ${guildId} AND "id" > ${afterId} AND ("isMentor" = TRUE OR "isMentee" = TRUE)
    ORDER BY "id" ASC
    LIMIT ${take}`;
  if (rows.length === 0) return [];
  const last = Number(rows[rows.length - 1]?.id ?? afterId);
  const tags = await db.$queryRaw<{ profileId: number | bigint; role: string; key: string; label: string }[]>`
    SELECT pt."profileId", pt."role", t."key", t."label"
    FROM "ProfileTopic" pt JOIN "Topic" t ON t."id" = pt."topicId"
    WHERE ${tagGuild} = ${guildId} AND pt."profileId" > ${afterId} AND pt."profileId" <= ${last}`;
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
