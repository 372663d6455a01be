// Profiles and requests made the way members make them (through the real commands), shared by the
// flow, reliability and fault tests. Ids come from the buttons the bot shows, parsed by the
// command's own button table, never scraped out of reply text.
import { matchUi } from "../../src/commands/match.js";
import { modUi } from "../../src/commands/mod.js";
import type { ButtonSpec, MessageSpec, OptionValue } from "../../src/interaction/types.js";
import { allText, buttons, GUILD, userValue, type Harness, type Member, type RecordingResponder } from "./interactions.js";

/** Fails with the reply when a command answered with an error. */
export function expectOk(res: RecordingResponder, what: string): void {
  const text = allText(res.last);
  if (text.startsWith("⚠️")) throw new Error(`${what} failed: ${text}`);
}

const INDUSTRIES = ["fintech", "software", "healthcare", "retail", "banking", "data"];
const TOPICS = ["interviewing, cv, salary negotiation", "system design, career switch", "networking, linkedin, job search", "leadership, people management"];

/** `/mentor profile` with plausible values; `i` varies industry, stage and topics; `options` override. */
export async function mentorProfile(h: Harness, who: Member, i = 0, options: Record<string, OptionValue> = {}, guildId = GUILD): Promise<RecordingResponder> {
  const res = await h.run(
    who,
    "/mentor profile",
    {
      industry: INDUSTRIES[i % INDUSTRIES.length] ?? "software",
      stage: i % 2 === 0 ? "senior" : "executive",
      topics: TOPICS[i % TOPICS.length] ?? "cv",
      about: `Mentor ${i}: I help with interviews, CVs and moving between industries.`,
      capacity: 10,
      ...options,
    },
    guildId,
  );
  expectOk(res, `mentor profile for ${who.displayName}`);
  return res;
}

/** `/mentee profile` with plausible values; `i` varies them; `options` override. */
export async function menteeProfile(h: Harness, who: Member, i = 0, options: Record<string, OptionValue> = {}, guildId = GUILD): Promise<RecordingResponder> {
  const res = await h.run(
    who,
    "/mentee profile",
    {
      industry: INDUSTRIES[(i + 1) % INDUSTRIES.length] ?? "retail",
      stage: i % 2 === 0 ? "student" : "early",
      topics: TOPICS[(i + 1) % TOPICS.length] ?? "cv",
      about: `Mentee ${i}: I want to prepare for interviews and understand offers.`,
      ...options,
    },
    guildId,
  );
  expectOk(res, `mentee profile for ${who.displayName}`);
  return res;
}

/** The match a request/approve/accept button is about, read by the button's own declaration. */
export function matchIdOf(button: ButtonSpec | undefined): number {
  const id =
    button === undefined
      ? null
      : (matchUi.buttons.accept.idOf(button.customId) ??
        matchUi.buttons.decline.idOf(button.customId) ??
        modUi.buttons.approve.idOf(button.customId) ??
        modUi.buttons.reject.idOf(button.customId));
  if (id === null) throw new Error(`not a match button: ${button?.customId ?? "(none)"}`);
  return id;
}

/** The match ids behind a message's buttons (e.g. /mod queue's Approve buttons), in order. */
export function matchIdsOn(message: MessageSpec, label: RegExp): number[] {
  return buttons(message)
    .filter((b) => label.test(b.label))
    .map(matchIdOf);
}

/**
 * `/match request` from `mentee` to `mentor`; returns the reply and the new match's id, read from
 * the Accept button on the mentor's DM. Fails when the request was refused.
 */
export async function requestMentor(h: Harness, mentee: Member, mentor: Member, message?: string, guildId = GUILD): Promise<{ res: RecordingResponder; matchId: number }> {
  const res = await h.run(mentee, "/match request", { mentor: userValue(mentor), ...(message === undefined ? {} : { message }) }, guildId);
  expectOk(res, `request from ${mentee.displayName} to ${mentor.displayName}`);
  const accept = buttons(h.lastDm(mentor)).find((b) => matchUi.buttons.accept.idOf(b.customId) !== null);
  return { res, matchId: matchIdOf(accept) };
}
