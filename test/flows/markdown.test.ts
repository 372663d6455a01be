// Member markdown never renders inside bot messages (issue 10, item 6): quoted text is escaped,
// the bot's own formatting still renders.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { menteeProfile, mentorProfile, requestMentor } from "../support/fixtures.js";
import { allText, createHarness, member, userValue, type Harness } from "../support/interactions.js";

let database: TempDatabase;
let h: Harness;
beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db);
});
afterEach(async () => database.cleanup());

const LINK = "[Free CV template](https://evil.example/steal)";
const FENCE = "```js\nfetch('https://evil.example')\n```";

/** A masked link renders when "[" starts it unescaped; a fence when its backticks are unescaped. */
function rendersMarkdown(text: string): boolean {
  return /(^|[^\\])\[[^\]]*\]\(https?:/.test(text) || /(^|[^\\])```/.test(text);
}

describe("member markdown is quoted, not rendered", () => {
  it("given a headline with a masked link and a request message with a code fence, then the mentor's DM and the profile card show them escaped", async () => {
    const asha = member("Asha");
    const ben = member("Ben **bold**");
    await mentorProfile(h, asha, 0, { industry: "fintech", topics: "cv, interviewing" });
    await menteeProfile(h, ben, 0, { industry: "banking", topics: "cv", headline: LINK, about: `Help me please. ${FENCE}`, visibility: "public" });
    await requestMentor(h, ben, asha, `Hi! ${FENCE} and ${LINK}`);
    const dm = allText(h.lastDm(asha));
    expect(dm).toContain("Free CV template");
    expect(dm).toContain("fetch('https://evil.example')");
    expect(rendersMarkdown(dm)).toBe(false);
    expect(dm).toContain("\\[Free CV template](https://evil.example/steal)");
    expect(dm).toContain("\\`\\`\\`js");
    expect(dm).toContain("Ben \\*\\*bold\\*\\*");

    const card = allText((await h.run(asha, "/profile view", { user: userValue(ben) })).last);
    expect(card).toContain("Free CV template");
    expect(rendersMarkdown(card)).toBe(false);
  });

  it("given a note with markdown, then the other side's notice and /match notes escape it while the bot's bold ids still render", async () => {
    const asha = member("Asha");
    const ben = member("Ben");
    await h.run(member("Mod", { canManageGuild: true }), "/mod config", { "review-required": false });
    await mentorProfile(h, asha, 0, { topics: "cv" });
    await menteeProfile(h, ben, 0, { topics: "cv" });
    const { matchId } = await requestMentor(h, ben, asha);
    await h.press(asha, `match:accept:${matchId}`, null);
    await h.run(ben, "/match note", { match: matchId, text: `Action: read ${LINK}\n# Heading\n> quoted` });
    const notice = allText(h.lastDm(asha));
    expect(rendersMarkdown(notice)).toBe(false);
    expect(notice).toContain("\\# Heading");
    expect(notice).toContain("\\> quoted");
    const notes = allText((await h.run(asha, "/match notes", { match: matchId })).last);
    expect(rendersMarkdown(notes)).toBe(false);
    const list = allText((await h.run(ben, "/match list")).last);
    expect(list).toContain(`**#${matchId}**`);
  });
});
