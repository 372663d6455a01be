// Mentor and mentee profiles: creating, updating, availability, viewing and erasure.
import { eraseDeletedPages, type Db } from "../db/client.js";
import { UserError } from "../errors.js";
import { normalizeIndustry, uniqueTopics } from "../matching/index.js";
import type { AcceptsFrom, Advises, Stage } from "../matching/index.js";
import { countMentorLoad, matchLinks } from "../storage/matches.js";
import { eraseMemberData, type ErasureResult } from "../storage/privacy.js";
import { releaseOfficeHoursOf } from "./office-hours.js";
import {
  findProfile,
  findProfileById,
  replaceTopics,
  topicsOf,
  updateProfile,
  upsertProfile,
  type Profile,
  type ProfileWithTopics,
  type TopicRole,
  type TopicTag,
} from "../storage/profiles.js";
import { inTransaction } from "../storage/tx.js";
import { disclosure, relationThrough, type Disclosure, type Relation } from "./visibility.js";
import type { Prisma } from "../generated/prisma/client.js";

export type { Visibility } from "../domain/enums.js";
import type { Visibility } from "../domain/enums.js";

/** Limits on what a profile may hold; commands validate against the same numbers. */
export const PROFILE_LIMITS = {
  topics: 10,
  topicLength: 40,
  about: 1000,
  headline: 120,
  industry: 60,
  capacityMax: 10,
} as const;

interface CommonFields {
  industry?: string | undefined;
  stage?: Stage | undefined;
  topics?: string[] | undefined;
  about?: string | undefined;
  headline?: string | undefined;
  timezone?: string | undefined;
  visibility?: Visibility | undefined;
}

export interface MentorProfileInput extends CommonFields {
  capacity?: number | undefined;
  advises?: Advises | undefined;
}

export interface MenteeProfileInput extends CommonFields {
  acceptsFrom?: AcceptsFrom | undefined;
  changingCareer?: boolean | undefined;
  targetIndustry?: string | undefined;
}

export interface SaveResult {
  profile: ProfileWithTopics;
  created: boolean;
  /** Tags the vocabulary renamed ("React.js" → React, "resumes" → cv), for the reply. */
  renamedTopics: RenamedTopic[];
  notes: string[];
}

/** A tag as typed and what it became, when the vocabulary renamed it ("React.js" → React). */
export interface RenamedTopic {
  from: string;
  to: string;
}

export function describeTags(raw: string[]): { tags: TopicTag[]; renamed: RenamedTopic[] } {
  const topics = uniqueTopics(raw);
  return {
    tags: topics.map((t) => ({ key: t.key, label: t.display })),
    renamed: topics.flatMap((t) => (t.rewrittenFrom === undefined ? [] : [{ from: t.rewrittenFrom, to: t.display }])),
  };
}

/** A member taking on a side (mentor or mentee) for the first time must give its core fields. */
function requireCoreFields(role: TopicRole, existing: ProfileWithTopics | null, input: CommonFields): void {
  const missing: string[] = [];
  if (input.industry === undefined && existing === null) missing.push("industry");
  if (input.stage === undefined && existing === null) missing.push("stage");
  if (input.topics === undefined) missing.push("topics");
  if (input.about === undefined) missing.push("about");
  if (missing.length > 0) {
    throw new UserError(
      `To create your ${role} profile, also give: ${missing.map((m) => `\`${m}\``).join(", ")}. After that you can update one option at a time.`,
    );
  }
}

async function reloaded(db: Db, guildId: string, userId: string): Promise<ProfileWithTopics> {
  const profile = await findProfile(db, guildId, userId);
  if (profile === null) throw new Error("profile vanished after save");
  return profile;
}

/**
 * Writes the fields both sides share plus one side's columns and topic tags, in one transaction.
 * Only the fields given change; `afterWrite` runs inside the same transaction.
 */
async function writeProfileSide(
  db: Db,
  guildId: string,
  user: { id: string; displayName: string },
  role: TopicRole,
  input: CommonFields,
  sideColumns: Partial<Omit<Profile, "id" | "guildId" | "userId" | "createdAt" | "updatedAt">>,
  afterWrite?: (tx: Prisma.TransactionClient, profileId: number) => Promise<void>,
): Promise<RenamedTopic[]> {
  const described = input.topics === undefined ? undefined : describeTags(input.topics);
  const tags = described?.tags;
  if (tags !== undefined && tags.length === 0) throw new UserError("Option `topics`: give at least one topic, separated by commas.");
  const common = {
    displayName: user.displayName,
    ...(input.industry === undefined ? {} : { industry: normalizeIndustry(input.industry) }),
    ...(input.stage === undefined ? {} : { stage: input.stage }),
    ...(input.headline === undefined ? {} : { headline: input.headline }),
    ...(input.timezone === undefined ? {} : { timezone: input.timezone }),
    ...(input.visibility === undefined ? {} : { visibility: input.visibility }),
  };
  await inTransaction(db, async (tx) => {
    const profile = await upsertProfile(
      tx,
      guildId,
      user.id,
      { industry: normalizeIndustry(input.industry ?? ""), stage: input.stage ?? "student", ...common, ...sideColumns },
      { ...common, ...sideColumns },
    );
    if (tags !== undefined) await replaceTopics(tx, profile.id, role, tags);
    await afterWrite?.(tx, profile.id);
  });
  return described?.renamed ?? [];
}

/** `/mentor profile`: creates the mentor side of a profile or updates the given fields. */
export async function saveMentorProfile(
  db: Db,
  guildId: string,
  user: { id: string; displayName: string },
  input: MentorProfileInput,
): Promise<SaveResult> {
  const existing = await findProfile(db, guildId, user.id);
  const becomingMentor = existing === null || !existing.isMentor;
  if (becomingMentor) requireCoreFields("mentor", existing, input);
  const notes: string[] = [];
  const renamedTopics = await writeProfileSide(
    db,
    guildId,
    user,
    "mentor",
    input,
    {
      isMentor: true,
      ...(input.about === undefined ? {} : { canAdviseOn: input.about }),
      ...(input.capacity === undefined ? {} : { mentorCapacity: input.capacity }),
      ...(input.advises === undefined ? {} : { mentorAdvises: input.advises }),
    },
    async (tx, profileId) => {
      if (input.capacity === undefined) return;
      const load = await countMentorLoad(tx, profileId);
      if (load > input.capacity) {
        notes.push(`You already have ${load} active mentees; no new ones will be matched until you are below ${input.capacity}.`);
      }
    },
  );
  return {
    profile: await reloaded(db, guildId, user.id),
    created: becomingMentor,
    renamedTopics,
    notes,
  };
}

/** `/mentee profile`: creates the mentee side of a profile or updates the given fields. */
export async function saveMenteeProfile(
  db: Db,
  guildId: string,
  user: { id: string; displayName: string },
  input: MenteeProfileInput,
  now: Date,
): Promise<SaveResult> {
  const existing = await findProfile(db, guildId, user.id);
  const becomingMentee = existing === null || !existing.isMentee;
  if (becomingMentee) requireCoreFields("mentee", existing, input);
  const changing = input.changingCareer ?? existing?.changingCareer ?? false;
  const target = input.targetIndustry ?? existing?.targetIndustry ?? undefined;
  if (changing && (target === undefined || target === null || target.trim() === "")) {
    throw new UserError("Option `target-industry`: say which industry you want to move into when `changing-career` is true.");
  }
  const renamedTopics = await writeProfileSide(db, guildId, user, "mentee", input, {
    isMentee: true,
    ...(input.about === undefined ? {} : { wantsAdviceOn: input.about }),
    ...(input.acceptsFrom === undefined ? {} : { menteeAcceptsFrom: input.acceptsFrom }),
    ...(input.changingCareer === undefined ? {} : { changingCareer: input.changingCareer }),
    ...(input.targetIndustry === undefined ? {} : { targetIndustry: normalizeIndustry(input.targetIndustry) }),
    ...(becomingMentee ? { menteeWaitingSince: now, menteeSince: now } : {}),
  });
  return {
    profile: await reloaded(db, guildId, user.id),
    created: becomingMentee,
    renamedTopics,
    notes: [],
  };
}

/** Whether a mentor takes new mentees now, honouring an "until" date. */
export function isMentorAvailable(profile: { mentorAvailable: boolean; mentorAvailableUntil: Date | null }, now: Date): boolean {
  if (profile.mentorAvailableUntil === null) return profile.mentorAvailable;
  // "on until X" turns off at X; "off until X" turns back on at X.
  return now < profile.mentorAvailableUntil ? profile.mentorAvailable : !profile.mentorAvailable;
}

export interface AvailabilityResult {
  profile: ProfileWithTopics;
  availableNow: boolean;
  load: number;
}

export async function setMentorAvailability(
  db: Db,
  guildId: string,
  userId: string,
  available: boolean,
  until: Date | null,
  now: Date,
): Promise<AvailabilityResult> {
  const profile = await findProfile(db, guildId, userId);
  if (profile === null || !profile.isMentor) {
    throw new UserError("You have no mentor profile yet. Create one with `/mentor profile` first.");
  }
  if (until !== null && until <= now) throw new UserError("Option `until`: the date must be in the future.");
  // Coming back starts a fresh count of unanswered requests (two in a row pause a mentor).
  await updateProfile(db, profile.id, { mentorAvailable: available, mentorAvailableUntil: until, ...(available ? { mentorMissedInARow: 0 } : {}) });
  const updated = await reloaded(db, guildId, userId);
  return { profile: updated, availableNow: isMentorAvailable(updated, now), load: await countMentorLoad(db, profile.id) };
}

export async function mentorLoad(db: Db, profileId: number): Promise<number> {
  return countMentorLoad(db, profileId);
}

export async function deleteMemberData(db: Db, guildId: string, userId: string, now: Date): Promise<ErasureResult & { officeHours: Awaited<ReturnType<typeof releaseOfficeHoursOf>> }> {
  // Seats given up and hosted office hours cancelled first, so the waitlist moves up and everyone
  // signed up is told (their notices are due now); then the erasure itself, in one transaction.
  const officeHours = await releaseOfficeHoursOf(db, guildId, userId, now);
  const result = await inTransaction(db, (tx) => eraseMemberData(tx, guildId, userId, now));
  await eraseDeletedPages(db);
  return { ...result, officeHours };
}

export { topicsOf };
export type { ProfileWithTopics };

/**
 * A profile as `viewerId` may see it (services/visibility.ts): everything for themself, moderators
 * and the people they are matched with or who asked them for help; otherwise what the target's
 * visibility shares.
 */
export async function viewProfile(
  db: Db,
  guildId: string,
  viewerId: string,
  targetId: string,
  viewerIsModerator: boolean,
): Promise<{ profile: ProfileWithTopics; level: Disclosure; self: boolean; load: number | null }> {
  const profile = await findProfile(db, guildId, targetId);
  if (profile === null) {
    throw new UserError(
      viewerId === targetId
        ? "You have no profile yet. Create one with `/mentee profile` or `/mentor profile`."
        : "That member has no mentor or mentee profile in this server.",
    );
  }
  const self = viewerId === targetId;
  let relation: Relation = self ? "self" : viewerIsModerator ? "moderator" : "none";
  if (relation === "none") {
    const viewer = await findProfile(db, guildId, viewerId);
    if (viewer !== null) relation = relationThrough(await matchLinks(db, viewer.id, [profile.id]), viewer.id, profile.id);
  }
  const load = profile.isMentor ? await countMentorLoad(db, profile.id) : null;
  return { profile, level: disclosure(profile.visibility, relation), self, load };
}

export async function getProfileById(db: Db, id: number): Promise<ProfileWithTopics | null> {
  return findProfileById(db, id);
}
