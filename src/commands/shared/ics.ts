// Calendar invites for scheduled sessions, made with the `ics` package (RFC 5545). One UID per
// session and a SEQUENCE that grows with every change, so a calendar app that imported the first
// file updates (or cancels) the same event from the next one.
import { createEvent } from "ics";
import type { FileSpec } from "../../interaction/types.js";
import type { MatchWithPeople } from "../../services/matches.js";
import type { MatchSession } from "../../services/sessions.js";

export const ICS_PRODUCT = "careers-mentor-bot";

export function sessionUid(session: Pick<MatchSession, "id">): string {
  return `session-${session.id}@careers-mentor-bot`;
}

/** The .ics attachment for a session (status CANCELLED once cancelled). */
export function sessionInvite(match: MatchWithPeople, session: MatchSession): FileSpec {
  const cancelled = session.status === "cancelled";
  const pair = `${match.mentor?.displayName ?? "mentor"} & ${match.mentee?.displayName ?? "mentee"}`;
  const { error, value } = createEvent({
    productId: ICS_PRODUCT,
    method: "PUBLISH",
    uid: sessionUid(session),
    sequence: session.sequence,
    start: session.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: session.durationMinutes },
    title: `Mentoring: ${pair}`,
    description: `Mentoring session #${session.id} of match #${match.id} (${pair}).`,
    ...(session.location === null ? {} : { location: session.location }),
    status: cancelled ? "CANCELLED" : "CONFIRMED",
  });
  // The attributes are ours and valid by construction; a failure here is a bug, not bad input.
  if (error !== null || value === null) throw new Error(`could not build the invite for session ${session.id}: ${String(error)}`);
  return { name: `mentoring-session-${session.id}.ics`, data: value, description: `Calendar invite for session #${session.id}` };
}
