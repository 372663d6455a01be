// Bulk import of profiles (a sign-up form's export): rows already validated by the caller
// (commands/shared/import-file.ts) are compared with what the server holds, then written in
// bounded batches, each batch one transaction. Upsert by Discord user id: a member already in the
// server is updated with the fields the row gives, anyone else is created. Industries and topics
// are normalised exactly as /mentor profile and /mentee profile do.
import type { Db } from "../db/client.js";
import type { Visibility } from "../domain/enums.js";
import type { Prisma } from "../generated/prisma/client.js";
import { normalizeIndustry, type AcceptsFrom, type Advises, type Stage } from "../matching/index.js";
import {
  createProfiles,
  ensureTopics,
  findProfilesByUserIds,
  replaceTopicsBulk,
  topicsOf,
  updateProfiles,
  type ProfileWithTopics,
  type TopicRole,
  type TopicTag,
} from "../storage/profiles.js";
import { addAudit } from "../storage/audit.js";
import type { DbOrTx } from "../storage/tx.js";
import { inTransaction } from "../storage/tx.js";
import { describeTags } from "./profiles.js";

/** One validated row: one side (mentor or mentee) of one member. */
export interface ImportRow {
  /** Where the row is in the file, for messages ("row 3", "mentors[2]"). */
  where: string;
  userId: string;
  role: TopicRole;
  name: string;
  industry: string;
  stage: Stage;
  topics: string[];
  about: string;
  headline?: string | undefined;
  timezone?: string | undefined;
  visibility?: Visibility | undefined;
  capacity?: number | undefined;
  advises?: Advises | undefined;
  available?: boolean | undefined;
  acceptsFrom?: AcceptsFrom | undefined;
  changingCareer?: boolean | undefined;
  targetIndustry?: string | undefined;
}

export interface SideCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  dryRun: boolean;
  rows: number;
  members: number;
  /** Members with no profile in the server before. */
  newMembers: number;
  mentor: SideCounts;
  mentee: SideCounts;
  /** Examples of what would change (dry run) or changed, at most 10: "row 3: mentor created". */
  samples: string[];
}

/** Members per transaction: bounded, so one import never holds the database for long. */
export const IMPORT_BATCH = 500;

type Columns = Omit<Prisma.ProfileUncheckedCreateInput, "guildId" | "userId" | "id" | "topics">;

interface Plan {
  userId: string;
  existing: ProfileWithTopics | null;
  /** Columns to write: everything for a new profile, only what differs for an existing one. */
  columns: Columns;
  topics: { role: TopicRole; tags: TopicTag[] }[];
  sides: { role: TopicRole; where: string; outcome: keyof SideCounts }[];
}

type Member = { userId: string; rows: ImportRow[] };

function sameTags(a: readonly TopicTag[], b: readonly TopicTag[]): boolean {
  const keys = (t: readonly TopicTag[]) => [...new Set(t.map((x) => x.key))].sort().join("\n");
  return keys(a) === keys(b);
}

function valueOf(profile: ProfileWithTopics, column: string): unknown {
  return (profile as unknown as Record<string, unknown>)[column];
}

function equal(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/** What one member's rows change, side by side (their mentee row first, the mentor row last). */
function planMember(member: Member, existing: ProfileWithTopics | null, now: Date): Plan {
  const wanted: Record<string, unknown> = {};
  const topics: Plan["topics"] = [];
  const sideCols = new Map<TopicRole, string[]>();
  const ordered = [...member.rows].sort((a, b) => (a.role === b.role ? 0 : a.role === "mentee" ? -1 : 1));
  for (const row of ordered) {
    const set = (column: string, value: unknown, side = false) => {
      if (value === undefined) return;
      wanted[column] = value;
      if (side) sideCols.set(row.role, [...(sideCols.get(row.role) ?? []), column]);
    };
    set("displayName", row.name);
    set("industry", normalizeIndustry(row.industry));
    set("stage", row.stage);
    set("headline", row.headline);
    set("timezone", row.timezone);
    set("visibility", row.visibility);
    if (row.role === "mentor") {
      set("isMentor", true, true);
      set("canAdviseOn", row.about, true);
      set("mentorCapacity", row.capacity, true);
      set("mentorAdvises", row.advises, true);
      set("mentorAvailable", row.available, true);
      // As /mentor availability without `until`: the given state holds from now on, and coming
      // back starts a fresh count of unanswered requests.
      if (row.available !== undefined) set("mentorAvailableUntil", null, true);
      if (row.available === true) set("mentorMissedInARow", 0, true);
    } else {
      set("isMentee", true, true);
      set("wantsAdviceOn", row.about, true);
      set("menteeAcceptsFrom", row.acceptsFrom, true);
      set("changingCareer", row.changingCareer, true);
      set("targetIndustry", row.targetIndustry === undefined ? undefined : normalizeIndustry(row.targetIndustry), true);
      // Like /mentee profile: taking the mentee side starts the wait.
      if (existing === null || !existing.isMentee) {
        set("menteeWaitingSince", now);
        set("menteeSince", now);
      }
    }
    topics.push({ role: row.role, tags: describeTags(row.topics).tags });
  }
  const columns: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(wanted)) {
    if (existing === null || !equal(valueOf(existing, column), value)) columns[column] = value;
  }
  const commonChanged = Object.keys(columns).some((c) => ![...sideCols.values()].some((cols) => cols.includes(c)));
  const changedTopics = topics.filter((t) => existing === null || !sameTags(topicsOf(existing, t.role), t.tags));
  const sides = member.rows.map((row) => {
    const created = existing === null || !(row.role === "mentor" ? existing.isMentor : existing.isMentee);
    const changed =
      commonChanged ||
      (sideCols.get(row.role) ?? []).some((c) => Object.hasOwn(columns, c)) ||
      changedTopics.some((t) => t.role === row.role);
    return { role: row.role, where: row.where, outcome: created ? ("created" as const) : changed ? ("updated" as const) : ("unchanged" as const) };
  });
  return { userId: member.userId, existing, columns: columns as Columns, topics: changedTopics, sides };
}

async function planBatch(db: DbOrTx, guildId: string, batch: readonly Member[], now: Date): Promise<Plan[]> {
  const existing = new Map((await findProfilesByUserIds(db, guildId, batch.map((m) => m.userId))).map((p) => [p.userId, p]));
  return batch.map((m) => planMember(m, existing.get(m.userId) ?? null, now));
}

async function writeBatch(tx: Prisma.TransactionClient, guildId: string, plans: readonly Plan[]): Promise<void> {
  const toCreate = plans.filter((p) => p.existing === null);
  await createProfiles(
    tx,
    guildId,
    toCreate.map((p) => ({ userId: p.userId, columns: p.columns })),
  );
  const created = new Map((await findProfilesByUserIds(tx, guildId, toCreate.map((p) => p.userId))).map((p) => [p.userId, p.id]));
  await updateProfiles(
    tx,
    guildId,
    plans.flatMap((plan) => (plan.existing !== null && Object.keys(plan.columns).length > 0 ? [{ id: plan.existing.id, data: plan.columns }] : [])),
  );
  const withTopics = plans.filter((p) => p.topics.length > 0);
  const topicIds = await ensureTopics(tx, withTopics.flatMap((p) => p.topics.flatMap((t) => t.tags)));
  await replaceTopicsBulk(
    tx,
    guildId,
    withTopics.flatMap((p) => {
      const profileId = p.existing?.id ?? created.get(p.userId);
      if (profileId === undefined) throw new Error("imported profile vanished inside its transaction");
      return p.topics.map((t) => ({ profileId, role: t.role, topicIds: t.tags.flatMap((tag) => topicIds.get(tag.key) ?? []) }));
    }),
  );
}

/**
 * Imports validated rows into one server. With `dryRun`, reads only and says what would change.
 * Rows for the same member and role must be unique (the file parser checks it).
 */
export async function importProfiles(
  db: Db,
  guildId: string,
  rows: readonly ImportRow[],
  options: {
    now: Date;
    dryRun: boolean;
    batchSize?: number;
    onBatch?: (done: number, total: number) => Promise<void> | void;
    /** The moderator who imported (recorded in /mod audit); the CLI records none. */
    actorUserId?: string;
  },
): Promise<ImportSummary> {
  const byUser = new Map<string, Member>();
  for (const row of rows) {
    const member = byUser.get(row.userId) ?? { userId: row.userId, rows: [] };
    member.rows.push(row);
    byUser.set(row.userId, member);
  }
  const members = [...byUser.values()];
  const summary: ImportSummary = {
    dryRun: options.dryRun,
    rows: rows.length,
    members: members.length,
    newMembers: 0,
    mentor: { created: 0, updated: 0, unchanged: 0 },
    mentee: { created: 0, updated: 0, unchanged: 0 },
    samples: [],
  };
  const size = Math.max(1, options.batchSize ?? IMPORT_BATCH);
  for (let start = 0; start < members.length; start += size) {
    const batch = members.slice(start, start + size);
    // The plan is made again inside the transaction, so a member who saved their profile a
    // moment ago is updated, not created twice.
    const plans = options.dryRun
      ? await planBatch(db, guildId, batch, options.now)
      : await inTransaction(db, async (tx) => {
          const planned = await planBatch(tx, guildId, batch, options.now);
          await writeBatch(tx, guildId, planned);
          return planned;
        });
    for (const plan of plans) {
      if (plan.existing === null) summary.newMembers += 1;
      for (const side of plan.sides) {
        summary[side.role][side.outcome] += 1;
        if (side.outcome !== "unchanged" && summary.samples.length < 10) summary.samples.push(`${side.where}: ${side.role} ${side.outcome}`);
      }
    }
    await options.onBatch?.(Math.min(members.length, start + size), members.length);
  }
  if (!options.dryRun && options.actorUserId !== undefined) {
    const c = (side: SideCounts) => `${side.created} created, ${side.updated} updated`;
    await addAudit(db, { guildId, actorUserId: options.actorUserId, action: "import", detail: `${summary.rows} rows: mentors ${c(summary.mentor)}; mentees ${c(summary.mentee)}` });
  }
  return summary;
}

/** The counts as lines of plain text (the CLI prints them; /mod import shows them). */
export function summaryLines(summary: ImportSummary): string[] {
  const side = (c: SideCounts) => `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
  const verb = summary.dryRun ? "would be" : "were";
  return [
    `${summary.rows} row(s) for ${summary.members} member(s); ${summary.newMembers} ${summary.newMembers === 1 ? "member" : "members"} ${verb} new to the server.`,
    `Mentors: ${side(summary.mentor)}.`,
    `Mentees: ${side(summary.mentee)}.`,
  ];
}
