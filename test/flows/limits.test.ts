// Every list-producing reply at its configured maximum fits Discord's limits before any clamping
// (issue 10, item 7): nothing is cut off, nothing is refused by Discord.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { limitProblems } from "../support/discord-limits.js";
import { expectOk, menteeProfile, mentorProfile, requestMentor } from "../support/fixtures.js";
import { allText, buttons, createHarness, member, userValue, type Harness, type Member } from "../support/interactions.js";

let database: TempDatabase;
let h: Harness;
let mod: Member;
beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db);
  mod = member("Moderator Mia", { canManageGuild: true });
  expectOk(await h.run(mod, "/mod config", { "commands-per-minute": 120, "requests-per-hour": 50, "max-pending": 10, suggestions: 10, "review-required": false }), "config");
});
afterEach(async () => database.cleanup());

// The longest a member may make each field, with characters that escaping doubles.
const HEADLINE = "*".repeat(40) + "_".repeat(40) + "[link](https://e.example)".repeat(1).padEnd(40, "~");
const ABOUT = "**[x](https://evil.example)** `code` ".repeat(40).slice(0, 1000);
const NAME = "Ⓜ️".repeat(40);

async function longMentor(i: number): Promise<Member> {
  const m = member(`${NAME}${i}`);
  await mentorProfile(h, m, 0, { industry: "fintech", stage: "senior", topics: "cv, interviewing, salary negotiation, portfolio review, career switch", about: ABOUT, headline: HEADLINE.slice(0, 120), visibility: "public", capacity: 10 });
  return m;
}

function expectWithinLimits(what: string, message: Parameters<typeof limitProblems>[0]): void {
  expect(limitProblems(message), what).toEqual([]);
}

describe("Discord's limits at the configured maximums", () => {
  it("given suggestions:10, then /match find shows 10 cards and 10 Request buttons over two rows, within the limits", async () => {
    for (let i = 0; i < 12; i++) await longMentor(i);
    const ben = member("Ben");
    await menteeProfile(h, ben, 0, { industry: "banking", topics: "cv, interviewing, salary negotiation", about: ABOUT });
    const find = (await h.run(ben, "/match find")).last;
    expect(find.embeds).toHaveLength(10);
    expect(buttons(find).filter((b) => b.label.startsWith("Request"))).toHaveLength(10);
    expect(find.buttons).toHaveLength(2);
    expectWithinLimits("/match find", find);
  });

  it("given suggestions:10, then /match mentees shows 10 cards within the limits", async () => {
    const mentor = await longMentor(0);
    for (let i = 0; i < 12; i++) {
      await menteeProfile(h, member(`${NAME}m${i}`), 0, { industry: "banking", topics: "cv, interviewing", about: ABOUT, headline: HEADLINE.slice(0, 120), visibility: "public" });
    }
    const mentees = (await h.run(mentor, "/match mentees")).last;
    expect(mentees.embeds).toHaveLength(10);
    expectWithinLimits("/match mentees", mentees);
  });

  it("given six notes of 1,000 characters, then /match notes pages through all of them, each whole, within the limits", async () => {
    const asha = await longMentor(0);
    const ben = member("Ben");
    await menteeProfile(h, ben, 0, { industry: "banking", topics: "cv" });
    const { matchId } = await requestMentor(h, ben, asha);
    await h.press(asha, `match:accept:${matchId}`, null);
    const notes = Array.from({ length: 6 }, (_, i) => `Note ${i} ${ABOUT}`.slice(0, 1000));
    for (const text of notes) expectOk(await h.run(ben, "/match note", { match: matchId, text }), "note");
    let page = (await h.run(ben, "/match notes", { match: matchId })).last;
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      expectWithinLimits(`/match notes page ${i + 1}`, page);
      expect(page.embeds?.[0]?.fields?.length ?? 0).toBeGreaterThan(0);
      seen.push(allText(page));
      const older = buttons(page).find((b) => b.label.startsWith("Older") && b.disabled !== true);
      if (older === undefined) break;
      page = (await h.press(ben, older.customId)).last;
    }
    expect(seen.length).toBeGreaterThan(1);
    const everything = seen.join("\n").replace(/\\(.)/g, "$1").replace(/\n…\n/g, "");
    for (let i = 0; i < 6; i++) expect(everything, `note ${i}`).toContain(`Note ${i} **[x](https://evil.example)** \`code\``);
    for (const note of notes) expect(everything.replace(/\s+/g, " "), "whole note").toContain(note.slice(-60).replace(/\s+/g, " ").trim());
  });

  it("given many matches, then /match list, the review queue, the audit log and a full profile card stay within the limits", async () => {
    const asha = await longMentor(0);
    await h.run(mod, "/mod config", { "review-required": true });
    const menteesList: Member[] = [];
    for (let i = 0; i < 12; i++) {
      const m = member(`${NAME}x${i}`);
      await menteeProfile(h, m, 0, { industry: "banking", topics: "cv", about: ABOUT, headline: HEADLINE.slice(0, 120), visibility: "public" });
      menteesList.push(m);
      const { matchId } = await requestMentor(h, m, asha, ABOUT.slice(0, 500));
      if (i < 8) await h.press(asha, `match:accept:${matchId}`, null);
    }
    for (let i = 0; i < 16; i++) await h.run(mod, "/mod config", { "cooldown-days": 30 + i });
    const queue = (await h.run(mod, "/mod queue")).last;
    expectWithinLimits("/mod queue", queue);
    for (const b of buttons(queue).filter((b) => b.label.startsWith("Reject")).slice(0, 3)) {
      const form = await h.press(mod, b.customId);
      await h.submit(mod, form.modal.customId, { reason: ABOUT.slice(0, 500) });
    }
    expectWithinLimits("/mod audit", (await h.run(mod, "/mod audit")).last);
    expectWithinLimits("/mod stats", (await h.run(mod, "/mod stats")).last);
    expectWithinLimits("/match list (mentor)", (await h.run(asha, "/match list")).last);
    expectWithinLimits("/match list (mentee)", (await h.run(menteesList[0] ?? asha, "/match list")).last);
    expectWithinLimits("/profile view", (await h.run(mod, "/profile view", { user: userValue(asha) })).last);
    expectWithinLimits("request DM", h.lastDm(asha));
  });
});
