// What each profile visibility shows to whom, in one place (issue 10, item 3).
//
// A member's `visibility` promises:
//   public  — everything on my profile, to anyone in the server;
//   limited — headline, industry, stage and topics (not my own words), to anyone;
//   private — only my name, except to my matches and moderators.
//
// Who sees everything regardless of visibility: the member themself, moderators, the people they
// are matched with (a match that is active or ended, or a request the mentor accepted that waits
// for review), and a mentor the member asked for help (an open request the member sent: they
// chose to show that mentor who they are). Sending a request does *not* open the mentor's profile
// to the requester: until the mentor accepts, the requester sees only what the mentor shares.
//
// Surfaces (all derive from `disclosure`):
//   profile card (/profile view)           — the disclosure's fields;
//   suggestion card (/match find, mentees) — name and score; headline and the industry/stage/topic
//                                            reasons from "basic"; the free-text reason only at "full";
//   request DM to the mentor               — a request the mentee sent: full; a round's proposal
//                                            (the mentee chose no one): by the mentee's visibility;
//   DMs-closed channel fallback            — never any personal text (see the notifier).
import type { Visibility } from "../domain/enums.js";
import type { PairScore } from "../matching/index.js";

export type Relation = "self" | "moderator" | "matched" | "asked-you" | "none";

/** How much of a profile a viewer sees: everything, the basics (no own words), or the name only. */
export type Disclosure = "full" | "basic" | "name";

export function disclosure(visibility: string, relation: Relation): Disclosure {
  if (relation !== "none") return "full";
  const v = visibility as Visibility;
  if (v === "public") return "full";
  if (v === "limited") return "basic";
  return "name";
}

/** A match between two profiles, as far as the policy needs it. */
export interface MatchLink {
  mentorProfileId: number | null;
  menteeProfileId: number | null;
  status: string;
  source: string;
  mentorDecidedAt: Date | null;
}

/** How `viewer` relates to `target` through their matches (self and moderators are decided by the caller). */
export function relationThrough(links: readonly MatchLink[], viewerProfileId: number, targetProfileId: number): Relation {
  let relation: Relation = "none";
  for (const link of links) {
    const between =
      (link.mentorProfileId === viewerProfileId && link.menteeProfileId === targetProfileId) ||
      (link.mentorProfileId === targetProfileId && link.menteeProfileId === viewerProfileId);
    if (!between) continue;
    const accepted = link.status === "pending_review" && link.mentorDecidedAt !== null;
    if (link.status === "active" || link.status === "ended" || accepted) return "matched";
    const targetAsked = link.source === "request" && link.menteeProfileId === targetProfileId && (link.status === "requested" || link.status === "pending_review");
    if (targetAsked) relation = "asked-you";
  }
  return relation;
}

/** The reasons a suggestion card may show at this disclosure (criteria reasons only from what is shared). */
export function shownReasons(score: PairScore, level: Disclosure): string[] {
  if (level === "full") return score.reasons;
  if (level === "name") return [];
  // "basic" shares industry, stage and topics, not the member's own words.
  const textReason = score.criteria.text.reason;
  return score.reasons.filter((r) => r !== textReason);
}
