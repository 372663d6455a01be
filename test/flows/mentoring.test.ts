// End-to-end flows through the real router, command handlers, services, matching and a migrated
// SQLite file. Only Discord is replaced (replies and DMs are recorded).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/services/clock.js";
import { runDueJobs } from "../../src/jobs/expiry.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { matchIdOf, mentorProfile } from "../support/fixtures.js";
import { allText, buttons, createHarness, member, userValue, type Harness, type Member } from "../support/interactions.js";

let database: TempDatabase;
let h: Harness;
let asha: Member; // senior fintech mentor
let omar: Member; // mid software mentor
let ben: Member; // student mentee
let mia: Member; // moderator

beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db);
  asha = member("Asha");
  omar = member("Omar");
  ben = member("Ben");
  mia = member("Mia", { canManageGuild: true });
});
afterEach(async () => database.cleanup());

async function createProfiles(): Promise<void> {
  const a = await h.run(asha, "/mentor profile", {
    industry: "fintech",
    stage: "senior",
    topics: "interviewing, salary negotiation, career switch",
    about: "I help people prepare for fintech interviews and negotiate offers.",
    capacity: 2,
  });
  expect(allText(a.last)).toContain("Your mentor profile is ready");
  const o = await h.run(omar, "/mentor profile", {
    industry: "software",
    stage: "mid",
    topics: "system design, code review",
    about: "Backend engineering, system design interviews and code reviews.",
  });
  expect(allText(o.last)).toContain("Your mentor profile is ready");
  const b = await h.run(ben, "/mentee profile", {
    industry: "banking",
    stage: "student",
    topics: "Interviews, CV, salary negotiation",
    about: "I want to prepare for interviews at fintech companies and understand offers.",
  });
  expect(allText(b.last)).toContain("Your mentee profile is ready");
}

async function requestAndAccept(): Promise<number> {
  const find = await h.run(ben, "/match find");
  const first = buttons(find.last)[0];
  expect(first?.customId).toBe(`match:request:${asha.id}`);
  const modal = await h.press(ben, first?.customId ?? "");
  expect(modal.modal.customId).toBe(`match:request-form:${asha.id}`);
  const sent = await h.submit(ben, modal.modal.customId, { message: "Could you help me prepare for interviews?" });
  expect(allText(sent.last)).toMatch(/Request #\d+ sent to Asha\./);
  expect(sent.events.map((e) => e.kind)).toEqual(["reply"]); // delivered by DM: nothing follows
  const dm = h.notifier.to(asha.id).at(-1);
  expect(dm?.via).toBe("dm");
  const accept = buttons(dm?.message ?? {}).find((b) => b.label === "Accept");
  expect(accept).toBeDefined();
  const accepted = await h.press(asha, accept?.customId ?? "", null);
  expect(allText(accepted.last)).toContain("You accepted request");
  return matchIdOf(accept);
}

describe("the full mentoring story", () => {
  it("given two mentors and a mentee, then suggestions rank the fitting mentor first with true reasons", async () => {
    await createProfiles();
    const find = await h.run(ben, "/match find");
    expect(find.last.ephemeral).toBe(true);
    const text = allText(find.last);
    expect(text.indexOf("Asha")).toBeGreaterThanOrEqual(0);
    expect(text.indexOf("Asha")).toBeLessThan(text.indexOf("Omar") === -1 ? Infinity : text.indexOf("Omar"));
    expect(text).toMatch(/shared topics: .*interviewing/);
    expect(text).toMatch(/salary negotiation/);
    expect(text).toMatch(/\d+%/);
  });

  it("request → accept → moderator approve → note → end with feedback → stats reflect it", async () => {
    await createProfiles();
    const id = await requestAndAccept();
    expect(allText(h.notifier.to(ben.id).at(-1)?.message ?? {})).toContain("A moderator will review");

    const queue = await h.run(mia, "/mod queue");
    expect(allText(queue.last)).toContain(`#${id}`);
    const approve = buttons(queue.last).find((b) => b.customId === `mod:approve:${id}`);
    expect(approve).toBeDefined();
    const approved = await h.press(mia, approve?.customId ?? "");
    expect(allText(approved.last)).toContain(`Match #${id} approved and active`);
    expect(h.notifier.spaces).toHaveLength(1);
    expect(allText(h.notifier.spaces[0]?.starter ?? {})).toContain("Why you were matched");

    const again = await h.press(mia, `mod:approve:${id}`);
    expect(allText(again.last)).toContain("already handled");

    const note = await h.run(asha, "/match note", { match: id, text: "Action: Ben drafts a CV by Friday." });
    expect(allText(note.last)).toContain("Note added");
    expect(allText(h.notifier.to(ben.id).at(-1)?.message ?? {})).toContain("Ben drafts a CV");
    const notes = await h.run(ben, "/match notes", { match: id });
    expect(allText(notes.last)).toContain("Ben drafts a CV by Friday");

    const ended = await h.run(ben, "/match end", { match: id, rating: 5, feedback: "Very helpful." });
    expect(allText(ended.last)).toContain("has ended");
    const mentorFeedback = await h.run(asha, "/match end", { match: id, rating: 4 });
    expect(allText(mentorFeedback.last)).toContain("feedback");

    const stats = await h.run(mia, "/mod stats");
    const text = allText(stats.last);
    expect(text).toContain("0 active");
    expect(text).toContain("1 ended");
    expect(text).toContain("2 entries · average rating 4.5 / 5");
    expect(text).toMatch(/: 1$/m); // one activation this week
    const list = await h.run(ben, "/match list");
    expect(allText(list.last)).toMatch(new RegExp(`#${id}\\*\\* mentored by Asha — ended`));
  });

  it("with review off, an accept makes the match active at once", async () => {
    await createProfiles();
    await h.run(mia, "/mod config", { "review-required": false });
    const id = await requestAndAccept();
    const list = await h.run(ben, "/match list");
    expect(allText(list.last)).toMatch(new RegExp(`#${id}\\*\\* mentored by Asha — active`));
    expect(h.notifier.spaces).toHaveLength(1);
    expect(allText(h.notifier.to(ben.id).at(-1)?.message ?? {})).toContain("You are matched with Asha");
  });

  it("a decline tells the mentee and the pair is not suggested again during the cool-down", async () => {
    await createProfiles();
    await h.run(ben, "/match request", { mentor: userValue(asha) });
    const dm = h.notifier.to(asha.id).at(-1);
    const decline = buttons(dm?.message ?? {}).find((b) => b.label === "Decline");
    const why = await h.press(asha, decline?.customId ?? "", null);
    expect(allText(why.last)).toContain("Why are you declining");
    const { res } = await h.pressLabel(asha, why.last, "No capacity right now", null);
    expect(allText(res.last)).toContain("You declined");
    expect(allText(h.notifier.to(ben.id).at(-1)?.message ?? {})).toContain("was declined");
    expect(allText(h.notifier.to(ben.id).at(-1)?.message ?? {})).toContain("no capacity for a new mentee right now");
    const find = await h.run(ben, "/match find");
    expect(allText(find.last)).not.toContain("Asha");
    const retry = await h.run(ben, "/match request", { mentor: userValue(asha) });
    expect(allText(retry.last)).toContain("in the last 30 days");
  });

  it("a mentor whose DM never arrived can answer the request from /match list", async () => {
    await createProfiles();
    h.notifier.closedDms.add(asha.id);
    const sent = await h.run(ben, "/match request", { mentor: userValue(asha) });
    expect(allText(sent.last)).toContain("DMs are closed, so I asked them in this channel");
    const list = await h.run(asha, "/match list");
    const accept = buttons(list.last).find((b) => b.customId.startsWith("match:accept:"));
    expect(accept?.label).toContain("Ben");
    const res = await h.press(asha, accept?.customId ?? "");
    expect(allText(res.last)).toContain("You accepted request");
    expect(buttons((await h.run(asha, "/match list")).last)).toEqual([]);
    expect(buttons((await h.run(ben, "/match list")).last)).toEqual([]);
  });

  it("an accept when the mentor is full is refused and changes nothing", async () => {
    await createProfiles();
    await h.run(mia, "/mod config", { "review-required": false });
    await h.run(asha, "/mentor profile", { capacity: 1 });
    const carla = member("Carla");
    await h.run(carla, "/mentee profile", { industry: "fintech", stage: "early", topics: "interviewing", about: "Preparing for interviews in fintech." });
    await requestAndAccept();
    // Asha is now full; Carla cannot even request…
    const blocked = await h.run(carla, "/match request", { mentor: userValue(asha) });
    expect(allText(blocked.last)).toContain("no free place");
    // …and a request made before she filled up cannot be accepted.
    await h.run(asha, "/mentor profile", { capacity: 2 });
    await h.run(carla, "/match request", { mentor: userValue(asha) });
    await h.run(asha, "/mentor profile", { capacity: 1 });
    const dm = h.notifier.to(asha.id).at(-1);
    const accept = buttons(dm?.message ?? {}).find((b) => b.label === "Accept");
    const res = await h.press(asha, accept?.customId ?? "", null);
    expect(allText(res.last)).toContain("You are full: 1 of 1 places used");
    const list = await h.run(carla, "/match list");
    expect(allText(list.last)).toContain("waiting for the mentor");
  });

  it("availability off hides the mentor from suggestions and shows the load", async () => {
    await createProfiles();
    const off = await h.run(asha, "/mentor availability", { status: "off" });
    expect(allText(off.last)).toContain("0 of 2 places used");
    const find = await h.run(ben, "/match find");
    expect(allText(find.last)).not.toContain("Asha");
    const back = await h.run(asha, "/mentor availability", { status: "on" });
    expect(allText(back.last)).toContain("You are available");
    expect(allText((await h.run(ben, "/match find")).last)).toContain("Asha");
  });

  it("availability off until a date comes back on by itself after that date", async () => {
    await createProfiles();
    await h.run(asha, "/mentor availability", { status: "off", until: "2026-11-10" });
    expect(allText((await h.run(ben, "/match find")).last)).not.toContain("Asha");
    h.clock.advance(10 * DAY_MS);
    expect(allText((await h.run(ben, "/match find")).last)).toContain("Asha");
  });

  it("a non-moderator is refused every /mod command and moderator button", async () => {
    await createProfiles();
    for (const sub of ["queue", "round", "stats", "config", "audit"]) {
      const res = await h.run(ben, `/mod ${sub}`);
      expect(allText(res.last), sub).toContain("Only moderators");
      expect(res.last.ephemeral).toBe(true);
    }
    expect(allText((await h.run(ben, "/mod approve", { match: 1 })).last)).toContain("Only moderators");
    expect(allText((await h.run(ben, "/mod reject", { match: 1, reason: "x" })).last)).toContain("Only moderators");
    expect(allText((await h.press(ben, "mod:approve:1")).last)).toContain("Only moderators");
    expect(allText((await h.press(ben, "mod:reject:1")).last)).toContain("Only moderators");
    expect(allText((await h.submit(ben, "mod:reject-form:1", { reason: "no" })).last)).toContain("Only moderators");
  });

  it("the configured moderator role grants moderator commands", async () => {
    await h.run(mia, "/mod config", { "moderator-role": "930000000000000001" });
    const helper = member("Helper", { roleIds: ["930000000000000001"] });
    expect(allText((await h.run(helper, "/mod stats")).last)).toContain("Mentoring statistics");
  });

  it("a moderator round proposes mentors, reject asks for a reason, approve sends the proposal to the mentor", async () => {
    await createProfiles();
    const carla = member("Carla");
    await h.run(carla, "/mentee profile", { industry: "software", stage: "early", topics: "system design", about: "I want to learn system design for interviews." });
    const round = await h.run(mia, "/mod round");
    expect(round.events[0]?.kind).toBe("defer");
    expect(allText(round.last)).toMatch(/Round done: 2 proposal\(s\) for 2 waiting mentee\(s\)/);
    const queue = await h.run(mia, "/mod queue");
    const [first, second] = buttons(queue.last).filter((b) => b.customId.startsWith("mod:approve:"));
    const secondId = matchIdOf(second);
    const rejectButton = `mod:reject:${secondId}`;
    const modal = await h.press(mia, rejectButton);
    expect(modal.modal.fields[0]?.customId).toBe("reason");
    const empty = await h.submit(mia, modal.modal.customId, { reason: "   " });
    expect(allText(empty.last)).toContain("Field `reason`: must not be empty");
    const rejected = await h.submit(mia, modal.modal.customId, { reason: "Better fit expected next round." });
    expect(allText(rejected.last)).toContain("rejected");
    const approved = await h.press(mia, first?.customId ?? "");
    expect(allText(approved.last)).toContain("sent to the mentor to accept");
  });

  it("deleting a profile removes the member's data and closes their matches", async () => {
    await createProfiles();
    const id = await requestAndAccept();
    await h.run(mia, "/mod approve", { match: id });
    await h.run(ben, "/match note", { match: id, text: "My private note about my plans." });
    const ask = await h.run(ben, "/profile delete");
    const confirm = buttons(ask.last).find((b) => b.label === "Delete everything");
    const done = await h.press(ben, confirm?.customId ?? "");
    expect(allText(done.last)).toContain("Deleted: your profile and topics, 1 note(s)");
    expect(allText(h.notifier.to(asha.id).at(-1)?.message ?? {})).toContain("has deleted their profile");
    const view = await h.run(asha, "/profile view", { user: userValue(ben) });
    expect(allText(view.last)).toContain("has no mentor or mentee profile");
    const match = await database.db.match.findUnique({ where: { id } });
    expect(match?.status).toBe("cancelled");
    expect(match?.requestMessage).toBeNull();
    expect(await database.db.matchNote.count()).toBe(0);
  });

  it("someone else's profile shows only what they chose to share", async () => {
    await createProfiles();
    await h.run(ben, "/mentee profile", { visibility: "private" });
    const view = await h.run(omar, "/profile view", { user: userValue(ben) });
    const text = allText(view.last);
    expect(text).toContain("keeps their profile private");
    expect(text).not.toContain("prepare for interviews");
    const own = await h.run(ben, "/profile view");
    expect(allText(own.last)).toContain("prepare for interviews");
  });

  it("requests expire after the configured days: the mentor is reminded once, then the mentee is told with fresh suggestions", async () => {
    await createProfiles();
    const cara = member("Cara");
    await mentorProfile(h, cara, 0, { industry: "banking", topics: "cv, interviewing", about: "Interview practice and CV reviews for banking." });
    await h.run(ben, "/match request", { mentor: userValue(asha) });
    const before = h.notifier.to(asha.id).length;
    h.clock.advance(6.5 * DAY_MS);
    expect(await runDueJobs(h.deps)).toMatchObject({ expired: 0, reminded: 1 });
    expect(await runDueJobs(h.deps)).toMatchObject({ expired: 0, reminded: 0 });
    expect(allText(h.notifier.to(asha.id).at(-1)?.message ?? {})).toContain("Reminder");
    expect(h.notifier.to(asha.id).length).toBe(before + 1);
    h.clock.advance(1 * DAY_MS);
    expect(await runDueJobs(h.deps)).toMatchObject({ expired: 1, reminded: 0 });
    const told = allText(h.notifier.to(ben.id).at(-1)?.message ?? {});
    expect(told).toContain("expired");
    expect(told).toContain("Fresh suggestions: Cara");
    expect(told).not.toContain("Asha (");
  });

  it("bad input gets one clear line naming the option and stores nothing", async () => {
    const cases: [string, Record<string, string | number | boolean>, RegExp][] = [
      ["/mentor profile", { industry: "fintech", stage: "guru", topics: "cv", about: "Long enough text here." }, /Option `stage`: must be one of/],
      ["/mentor profile", { industry: "fintech", stage: "senior", topics: "cv", about: "Long enough text here.", capacity: 11 }, /Option `capacity`: must be from 1 to 10/],
      ["/mentor profile", { industry: "fintech", stage: "senior", topics: " , ,", about: "Long enough text here." }, /Option `topics`/],
      ["/mentor profile", { industry: "\u200b\u200b", stage: "senior", topics: "cv", about: "Long enough text here." }, /Option `industry`: must not be empty/],
      ["/mentor availability", { status: "off", until: "2026-02-30" }, /Option `until`: is not a real calendar date/],
      ["/mentor availability", { status: "off", until: "2020-01-01" }, /Option `until`: must be in the future/],
      ["/mentee profile", { industry: "retail", stage: "early", topics: "cv", about: "Moving on from retail.", "changing-career": true }, /target-industry/],
    ];
    for (const [command, options, expected] of cases) {
      const res = await h.run(ben, command, options);
      expect(allText(res.last), command).toMatch(expected);
      expect(res.last.ephemeral).toBe(true);
    }
    expect(await database.db.profile.count()).toBe(0);
  });

  it("autocomplete offers industries and completes the topic being typed", async () => {
    await createProfiles();
    const industries = await h.complete(ben, "/mentee profile", { name: "industry", value: "fin" });
    expect(industries.map((c) => c.value)).toContain("financial-services");
    const topics = await h.complete(ben, "/mentee profile", { name: "topics", value: "cv, sal" });
    expect(topics[0]?.value).toBe("cv, salary negotiation");
  });

  it("ids from another server are unknown here", async () => {
    await createProfiles();
    await h.run(mia, "/mod config", { "review-required": false });
    const id = await requestAndAccept();
    const otherMod = member("Other", { canManageGuild: true });
    const res = await h.run(otherMod, "/mod approve", { match: id }, "900000000000000002");
    expect(allText(res.last)).toContain(`There is no match #${id} in this server`);
    const note = await h.run(ben, "/match note", { match: id, text: "hi" }, "900000000000000002");
    expect(allText(note.last)).toContain(`There is no match #${id} in this server`);
  });
});

describe("members' own words (issue 11)", () => {
  it("given tags spelt the way members spell them, then the reply shows what each became and matching treats the spellings as one topic", async () => {
    const saved = await h.run(omar, "/mentor profile", {
      industry: "IT Services and IT Consulting",
      stage: "senior",
      topics: "React.js, nodejs, k8s",
      about: "Frontend and platform engineering; I review portfolios and run mock interviews.",
    });
    const text = allText(saved.last);
    expect(text).toContain("React.js → React");
    expect(text).toContain("nodejs → Node.js");
    expect(text).toContain("k8s → Kubernetes");
    await h.run(ben, "/mentee profile", { industry: "Software Development", stage: "student", topics: "reactjs", about: "I am learning frontend development and want feedback." });
    const find = await h.run(ben, "/match find");
    expect(allText(find.last)).toMatch(/shared topics: React/);
    expect(allText(find.last)).toContain("Omar");
  });

  it("given a tag written with = in front, then it is kept exactly as written and not merged with the known topic", async () => {
    const saved = await h.run(asha, "/mentor profile", { industry: "fintech", stage: "senior", topics: "=React.js, cv", about: "I only know the React.js of 2016, and CVs." });
    expect(allText(saved.last)).not.toContain("→ React");
    const row = await database.db.topic.findMany({ where: { profiles: { some: { profile: { userId: asha.id } } } }, orderBy: { key: "asc" } });
    expect(row.map((t) => [t.key, t.label])).toEqual([["=react.js", "React.js"], ["cv", "cv"]]);
    await h.run(ben, "/mentee profile", { industry: "banking", stage: "student", topics: "React", about: "Learning frontend development, I want feedback on React." });
    const find = await h.run(ben, "/match find");
    expect(allText(find.last)).not.toMatch(/shared topics: React/);
  });

  it("given no mentor with any shared evidence, then /match find says there is no strong match yet instead of filling the list", async () => {
    await h.run(omar, "/mentor profile", { industry: "software", stage: "senior", topics: "system design", about: "Backend architecture, distributed systems, code review." });
    await h.run(ben, "/mentee profile", { industry: "retail", stage: "student", topics: "cv", about: "I need my CV reviewed before applying for graduate schemes." });
    const find = await h.run(ben, "/match find");
    expect(allText(find.last)).toContain("No strong match yet");
    expect(find.last.buttons ?? []).toEqual([]);
  });
});

describe("answer first, side effects after (issue 10, item 4)", () => {
  it("given the other side's DMs are closed, when a note is added, then the writer gets the answer first and a follow-up saying where they will see it", async () => {
    await createProfiles();
    await h.run(mia, "/mod config", { "review-required": false });
    const id = await requestAndAccept();
    h.notifier.closedDms.add(ben.id);
    const note = await h.run(asha, "/match note", { match: id, text: "Action: send me your CV by Friday." });
    expect(note.events.map((e) => e.kind)).toEqual(["reply", "followUp"]);
    expect(allText(note.events[0]?.message ?? {})).toContain("Note added");
    expect(allText(note.last)).toContain(`Ben could not be told by DM right now; they will see it in \`/match notes match:${id}\``);
    expect(note.last.ephemeral).toBe(true);
  });
});
