// What each visibility shows to whom (issue 10, item 3): viewer × visibility × surface, through the
// real commands. The policy lives in src/services/visibility.ts; this checks every surface uses it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VISIBILITIES, type Visibility } from "../../src/domain/enums.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { matchIdOf, menteeProfile, mentorProfile, requestMentor } from "../support/fixtures.js";
import type { MessageSpec } from "../../src/interaction/types.js";
import { allText, buttonLabelled, createHarness, member, userValue, type Harness, type Member } from "../support/interactions.js";

type Level = "full" | "basic" | "name";

// Words that appear only in one place of the target's profile.
const HEADLINE = "Headline quokka";
const ABOUT = "I coach zephyrology interviews and quokka portfolios for graduates.";
const ABOUT_WORD = "zephyrology";
const TOPIC = "interviewing";

/** What the viewer saw of the target's profile in `text`. */
function seen(text: string): Level {
  const headline = text.includes(HEADLINE);
  const about = text.includes(ABOUT_WORD);
  const topic = text.includes(TOPIC);
  if (about && headline) return "full";
  if (about) throw new Error(`own words shown without the headline:\n${text}`);
  if (headline || topic) return "basic";
  return "name";
}

const BY_VISIBILITY: Record<Visibility, Level> = { public: "full", limited: "basic", private: "name" };

let database: TempDatabase;
let h: Harness;
let mod: Member;
beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db);
  mod = member("Moderator Mia", { canManageGuild: true });
  await h.run(mod, "/mod config", { "review-required": false, "commands-per-minute": 120 });
});
afterEach(async () => database.cleanup());

async function targetMentor(visibility: Visibility): Promise<Member> {
  const target = member("Target Mentor");
  await mentorProfile(h, target, 0, { industry: "fintech", stage: "senior", topics: `${TOPIC}, portfolio review`, about: ABOUT, headline: HEADLINE, visibility });
  return target;
}

async function targetMentee(visibility: Visibility): Promise<Member> {
  const target = member("Target Mentee");
  await menteeProfile(h, target, 0, { industry: "banking", stage: "student", topics: `${TOPIC}, cv`, about: ABOUT, headline: HEADLINE, visibility });
  return target;
}

async function mentee(label: string): Promise<Member> {
  const m = member(label);
  await menteeProfile(h, m, 0, { industry: "banking", stage: "student", topics: TOPIC, about: `I want help with ${ABOUT_WORD} interviews for graduate roles.` });
  return m;
}

async function mentor(label: string): Promise<Member> {
  const m = member(label);
  await mentorProfile(h, m, 1, { industry: "fintech", stage: "senior", topics: TOPIC, about: `Mock ${ABOUT_WORD} interviews and offers for graduates.` });
  return m;
}

async function card(viewer: Member, target: Member): Promise<string> {
  return allText((await h.run(viewer, "/profile view", { user: userValue(target) })).last);
}

/** The text of the one suggestion card titled with `name`. */
function cardOf(message: MessageSpec, name: string): string {
  const embed = (message.embeds ?? []).find((e) => e.title?.endsWith(name) === true);
  if (embed === undefined) throw new Error(`no card for ${name} in:\n${allText(message)}`);
  return allText({ embeds: [embed] });
}

describe.each(VISIBILITIES)("a %s profile", (visibility) => {
  it("on profile cards: strangers and requesters see what it shares; whoever it asked, its matches and moderators see everything", async () => {
    const target = await targetMentor(visibility);
    const stranger = await mentee("Stranger");
    const requester = await mentee("Requester");
    await requestMentor(h, requester, target);
    const partner = await mentee("Partner");
    const { matchId } = await requestMentor(h, partner, target);
    await h.press(target, `match:accept:${matchId}`, null);

    expect(seen(await card(stranger, target)), "stranger").toBe(BY_VISIBILITY[visibility]);
    // Sending a request does not open the mentor's profile.
    expect(seen(await card(requester, target)), "requester").toBe(BY_VISIBILITY[visibility]);
    expect(seen(await card(partner, target)), "active pair").toBe("full");
    expect(seen(await card(mod, target)), "moderator").toBe("full");
    expect(seen(await card(target, target)), "self").toBe("full");

    // The other way round: a mentee who asked a mentor shows that mentor everything.
    const asker = await targetMentee(visibility);
    const asked = await mentor("Asked Mentor");
    await requestMentor(h, asker, asked);
    expect(seen(await card(asked, asker)), "mentor the mentee asked").toBe("full");
    expect(seen(await card(stranger, asker)), "stranger on the mentee").toBe(BY_VISIBILITY[visibility]);
  });

  it("on suggestion cards: /match find and /match mentees show the headline and reasons only as far as it shares", async () => {
    await targetMentor(visibility);
    const stranger = await mentee("Stranger");
    const find = (await h.run(stranger, "/match find")).last;
    expect(seen(cardOf(find, "Target Mentor"))).toBe(BY_VISIBILITY[visibility]);

    await targetMentee(visibility);
    const onlooker = await mentor("Onlooker Mentor");
    const mentees = (await h.run(onlooker, "/match mentees")).last;
    expect(seen(cardOf(mentees, "Target Mentee"))).toBe(BY_VISIBILITY[visibility]);
  });

  it("in the mentor's request DM: a request the mentee sent shows everything; a round's proposal only what the mentee shares", async () => {
    const asker = await targetMentee(visibility);
    const asked = await mentor("Asked Mentor");
    await requestMentor(h, asker, asked, "Hello!");
    expect(seen(allText(h.lastDm(asked)))).toBe("full");

    await h.run(mod, "/mod config", { "review-required": true });
    await targetMentee(visibility);
    const roundMentor = await mentor("Round Mentor");
    await h.run(asker, "/match cancel", { match: matchIdOf(buttonLabelled(h.lastDm(asked), "Accept")) });
    await h.run(mod, "/mod round");
    const queue = (await h.run(mod, "/mod queue")).last;
    for (const id of queue.buttons?.flat().filter((b) => b.label.startsWith("Approve")).map(matchIdOf) ?? []) await h.press(mod, `mod:approve:${id}`);
    const dms = h.notifier.messages.filter((m) => m.to === roundMentor.id || m.to === asked.id).map((m) => allText(m.message)).filter((t) => t.includes("matching round suggests you"));
    const aboutProposed = dms.filter((t) => t.includes("Target Mentee"));
    expect(aboutProposed.length).toBeGreaterThan(0);
    for (const dm of aboutProposed) expect(seen(dm)).toBe(BY_VISIBILITY[visibility]);
  });

  it("in the DMs-closed channel fallback: no personal text at all, only a mention and where to look", async () => {
    const asker = await targetMentee(visibility);
    const asked = await mentor("Asked Mentor");
    h.notifier.closedDms.add(asked.id);
    const sent = await h.run(asker, "/match request", { mentor: userValue(asked), message: `Please, ${ABOUT_WORD}!` });
    expect(allText(sent.last)).toContain("DMs are closed");
    const fallback = h.notifier.lastTo(asked);
    expect(fallback.via).toBe("channel");
    expect(fallback.posted).toBeDefined();
    const posted = allText(fallback.posted ?? {});
    expect(posted).toContain(`<@${asked.id}>`);
    expect(posted).toContain("/match list");
    expect(seen(posted)).toBe("name");
    expect(posted).not.toContain("Target Mentee");
    expect(posted).not.toContain("Please");
  });
});
