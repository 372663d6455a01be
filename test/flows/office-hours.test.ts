// Office hours, the resource library and the capacity statistics end to end through the real
// router, handlers, services, timed jobs and a migrated SQLite file. Only Discord is replaced: the
// recording notifier keeps the scheduled events, public threads, DMs and channel posts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { officeHoursUi } from "../../src/commands/office-hours.js";
import { runDueJobs } from "../../src/jobs/expiry.js";
import type { MessageSpec } from "../../src/interaction/types.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { limitProblems } from "../support/discord-limits.js";
import { expectOk, menteeProfile, mentorProfile, requestMentor } from "../support/fixtures.js";
import { allText, buttonLabelled, buttons, createHarness, member, type Harness, type Member } from "../support/interactions.js";

let database: TempDatabase;
let h: Harness;
let kim: Member; // mentor, Europe/London
let max: Member; // another mentor
let lou: Member; // mentees who want advice on interviewing
let ann: Member;
let bea: Member;
let pat: Member; // a member without a profile
let mia: Member; // moderator

const text = (res: { last: MessageSpec }) => allText(res.last);

beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db); // 2026-11-02T10:00Z, a Monday
  [kim, max, lou, ann, bea, pat] = ["Kim", "Max", "Lou", "Ann", "Bea", "Pat"].map((n) => member(n)) as [Member, Member, Member, Member, Member, Member];
  mia = member("Mia", { canManageGuild: true });
  expectOk(await h.run(mia, "/mod config", { "review-required": false, "commands-per-minute": 120 }), "config");
  await mentorProfile(h, kim, 0, { timezone: "europe/london", industry: "software", topics: "interviewing, cv", capacity: 2 });
  await mentorProfile(h, max, 1, { industry: "software", topics: "leadership" });
  for (const m of [lou, ann, bea]) await menteeProfile(h, m, 0, { industry: "software", topics: "interviewing, salary negotiation" });
});
afterEach(async () => database.cleanup());

async function createOfficeHour(who: Member, options: Record<string, string | number> = {}): Promise<number> {
  const res = await h.run(who, "/office-hours create", { topic: "Interviews", when: "2026-11-03 18:00", duration: 60, seats: 1, ...options });
  expect(res.events.map((e) => e.kind)).toEqual(["defer", "editReply"]);
  expect(text(res)).toMatch(/✅ Office hours #\d+/);
  const row = await database.db.officeHour.findFirstOrThrow({ orderBy: { id: "desc" } });
  return row.id;
}

function signupPost(officeHourId: number): MessageSpec {
  const post = h.notifier.publicPosts.find((p) => p.name.startsWith(`Office hours #${officeHourId}:`));
  if (post === undefined) throw new Error(`no sign-up post for #${officeHourId}`);
  return post.message;
}

describe("office hours", () => {
  it("given a member without a mentor profile, then creating office hours is refused and nothing reaches Discord; a mentor's time is read in their timezone", async () => {
    expect(text(await h.run(pat, "/office-hours create", { topic: "cv", when: "tomorrow 18:00", duration: 60, seats: 5 }))).toContain("Only mentors and moderators can hold office hours");
    expect(text(await h.run(lou, "/office-hours create", { topic: "cv", when: "tomorrow 18:00", duration: 60, seats: 5 }))).toContain("Only mentors and moderators");
    expect(text(await h.run(kim, "/office-hours create", { topic: "cv", when: "yesterday", duration: 60, seats: 5 }))).toMatch(/^⚠️ Option `when`: must look like/);
    expect(text(await h.run(kim, "/office-hours create", { topic: "cv", when: "tomorrow 18:00", duration: 60, seats: 500 }))).toBe("⚠️ Option `seats`: must be from 1 to 100");
    expect(h.notifier.events).toHaveLength(0);
    const id = await createOfficeHour(kim);
    const [event] = h.notifier.events;
    // 18:00 in London on 3 November is 18:00 UTC (GMT).
    expect(event?.spec).toMatchObject({ name: "Office hours: interviewing with Kim", channelId: null, startsAt: new Date("2026-11-03T18:00:00Z"), endsAt: new Date("2026-11-03T19:00:00Z") });
    expect(event?.spec.location).toMatch(/^https:\/\/discord\.com\/channels\/\d+\/\d+$/);
    // The external event's location is then set to the sign-up thread the bot opened.
    const thread = h.notifier.publicPosts[0]?.threadId ?? "";
    expect(h.notifier.eventChanges).toEqual([{ eventId: event?.eventId, change: { location: `https://discord.com/channels/900000000000000001/${thread}` } }]);
    const stored = await database.db.officeHour.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ topicKey: "interviewing", eventId: event?.eventId, threadId: thread, hostUserId: kim.id, seats: 1, status: "scheduled" });
    expect(buttons(signupPost(id)).map((b) => b.label)).toEqual(["Join", "Leave"]);
    // A moderator without a mentor profile may host too, in a voice channel.
    await createOfficeHour(mia, { channel: "910000000000000077" });
    expect(h.notifier.events[1]?.spec.channelId).toBe("910000000000000077");
    expect(h.notifier.events[1]?.spec.location).toBeUndefined();
  });

  it("given Discord refusing the event (missing permission), then the host is told honestly and nothing is stored or posted", async () => {
    h.notifier.failNextEvent = "missing-permission";
    const res = await h.run(kim, "/office-hours create", { topic: "cv", when: "tomorrow 18:00", duration: 60, seats: 5 });
    expect(res.events.map((e) => e.kind)).toEqual(["defer", "editReply"]);
    expect(text(res)).toContain("the bot needs the **Create Events** (Manage Events) permission");
    expect(text(res)).toContain("Nothing was created");
    expect(await database.db.officeHour.count()).toBe(0);
    expect(h.notifier.publicPosts).toHaveLength(0);
  });

  it("given waiting mentees on the topic, then they are told (unless they opted out); a seat cap fills, the waitlist moves up in order when someone leaves, the promoted member is told, seat holders are reminded 1 hour before", async () => {
    expectOk(await h.run(bea, "/office-hours notices", { status: "off" }), "opt out");
    const id = await createOfficeHour(kim);
    await runDueJobs(h.deps);
    const told = (m: Member) => h.notifier.to(m.id).filter((d) => allText(d.message).includes("New office hours on interviewing"));
    expect(told(lou)).toHaveLength(1);
    expect(told(ann)).toHaveLength(1);
    expect(told(bea)).toHaveLength(0);
    expect(told(kim)).toHaveLength(0);
    await runDueJobs(h.deps);
    expect(told(lou)).toHaveLength(1); // once

    const post = signupPost(id);
    const first = await h.pressLabel(lou, post, "Join");
    expect(first.res.events.map((e) => e.kind)).toEqual(["update", "followUp"]);
    expect(allText(first.res.events[0]?.message ?? {})).toContain("1 of 1 taken (full)");
    expect(allText(first.res.last)).toContain("✅ You have a seat");
    const second = await h.press(ann, officeHoursUi.buttons.join.customId([id, 1]));
    expect(second.events.map((e) => e.kind)).toEqual(["reply"]);
    expect(text(second)).toContain("#1 on the waitlist");
    expect(text(await h.press(ann, officeHoursUi.buttons.join.customId([id, 1])))).toContain("already on the waitlist (#1)");
    expect(text(await h.press(kim, officeHoursUi.buttons.join.customId([id, 1])))).toContain("You are the host");
    const third = await h.press(bea, officeHoursUi.buttons.join.customId([id, 1]));
    expect(text(third)).toContain("#2 on the waitlist");

    const leave = await h.pressLabel(lou, post, "Leave");
    expect(allText(leave.res.events[0]?.message ?? {})).toContain("1 of 1 taken (full) · 1 on the waitlist");
    expect(allText(leave.res.events[1]?.message ?? {})).toContain("your seat went to the next person on the waitlist");
    expect(allText(h.lastDm(ann))).toContain("You have a seat");
    const rows = await database.db.officeHourSignup.findMany({ where: { officeHourId: id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.displayName, r.status])).toEqual([["Lou", "left"], ["Ann", "seat"], ["Bea", "waitlist"]]);
    await runDueJobs(h.deps);
    expect(h.notifier.to(ann.id).filter((d) => allText(d.message).includes("You have a seat"))).toHaveLength(1); // the job does not send it again

    // 17:00 UTC: one hour before. Ann (seat) is reminded once; Bea (waitlist) and Lou (left) are not.
    h.clock.set(new Date("2026-11-03T17:00:00Z"));
    await runDueJobs(h.deps);
    await runDueJobs(h.deps);
    const reminded = (m: Member) => h.notifier.to(m.id).filter((d) => allText(d.message).includes("Starting within the hour"));
    expect(reminded(ann)).toHaveLength(1);
    expect(reminded(bea)).toHaveLength(0);
    expect(reminded(lou)).toHaveLength(0);
    expect(text(await h.press(pat, officeHoursUi.buttons.join.customId([id, 1])))).toContain("#2 on the waitlist");
    h.clock.set(new Date("2026-11-03T18:00:01Z"));
    expect(text(await h.press(pat, officeHoursUi.buttons.leave.customId([id, 1])))).toContain("has already started");
  });

  it("given the office hour has started, then only its host (or a moderator) marks who came, page by page; attendance counts in coverage", async () => {
    const id = await createOfficeHour(kim, { seats: 25 });
    const guests = Array.from({ length: 22 }, (_, i) => member(`Guest ${i}`));
    for (const g of [lou, ...guests]) expect(allText((await h.press(g, officeHoursUi.buttons.join.customId([id, 1]))).last)).toContain("You have a seat");
    expect(text(await h.run(kim, "/office-hours attendance", { event: String(id) }))).toContain("has not started yet");
    h.clock.set(new Date("2026-11-03T19:30:00Z"));
    expect(text(await h.run(max, "/office-hours attendance", { event: `#${id}` }))).toContain(`Only the host of office hour #${id} or a moderator`);
    const list = await h.run(kim, "/office-hours attendance", { event: `#${id}` });
    expect(limitProblems(list.last)).toEqual([]);
    expect(buttons(list.last).filter((b) => b.label.includes("Guest"))).toHaveLength(19);
    const marked = await h.pressLabel(kim, list.last, /^1\. Lou/);
    expect(marked.res.events.map((e) => e.kind)).toEqual(["update"]);
    expect(buttonLabelled(marked.res.last, /^1\. Lou/).style).toBe("success");
    const next = await h.pressLabel(kim, marked.res.last, "Next");
    expect(text(next.res)).toContain("page 2 of 2");
    const late = await h.pressLabel(kim, next.res.last, /^21\. Guest 19/);
    expect(buttonLabelled(late.res.last, /^21\. Guest 19/).style).toBe("success");
    const undo = await h.pressLabel(mia, late.res.last, /^21\. Guest 19/);
    expect(buttonLabelled(undo.res.last, /^21\. Guest 19/).style).toBe("danger");
    const lou1 = await database.db.officeHourSignup.findFirstOrThrow({ where: { userId: lou.id } });
    expect(lou1.attended).toBe(true);
    expect(lou1.profileId).not.toBeNull();

    // Lou's export lists the sign-up and that he came; Kim's lists the office hours she hosts.
    const exportOf = async (who: Member) => JSON.parse(String((await h.run(who, "/profile export")).last.files?.[0]?.data)) as Record<string, unknown>;
    expect((await exportOf(lou))["officeHourSignups"]).toEqual([expect.objectContaining({ officeHour: id, topic: "interviewing", yourPlace: "seat", attended: true })]);
    expect((await exportOf(kim))["officeHoursYouHost"]).toEqual([expect.objectContaining({ id, seats: 25, status: "scheduled" })]);

    // Coverage: Lou (a mentee for 30+ days by then) attended; Ann and Bea have not been reached.
    h.clock.set(new Date("2026-12-05T10:00:00Z"));
    const stats = await h.run(mia, "/mod stats", { "coverage-days": 30 });
    expect(text(stats)).toContain("Of 3 member(s) who have been mentees for 30+ days, 1 (33%) have had an active match or attended office hours; 1 (33%) in the last 90 days.");
    expect(text(stats)).toContain("23 office-hour seats filled (1 marked as came)");
  });

  it("given a cancel, then only the host or a moderator may, everyone signed up is told, the Discord event is cancelled and the sign-up message says so", async () => {
    const id = await createOfficeHour(kim, { seats: 1 });
    await h.press(lou, officeHoursUi.buttons.join.customId([id, 1]));
    await h.press(ann, officeHoursUi.buttons.join.customId([id, 1]));
    expect(text(await h.run(max, "/office-hours cancel", { event: String(id) }))).toContain("Only the host");
    expect(text(await h.run(kim, "/office-hours cancel", { event: "twelve" }))).toBe("⚠️ Option `event`: an office hour is a number like 12 (see `/office-hours list`)");
    const res = await h.run(mia, "/office-hours cancel", { event: String(id) });
    expect(text(res)).toContain(`Office hours #${id} is cancelled. The 2 member(s) signed up are told.`);
    const eventId = (await database.db.officeHour.findUniqueOrThrow({ where: { id } })).eventId;
    expect(h.notifier.eventChanges.at(-1)).toEqual({ eventId, change: { cancel: true } });
    expect(allText(h.lastDm(lou))).toContain("Cancelled: Office hours");
    expect(allText(h.lastDm(ann))).toContain("Cancelled: Office hours");
    const posted = h.notifier.channelPosts.at(-1)?.message;
    expect(allText(posted ?? {})).toContain("❌ Cancelled");
    expect(buttons(posted ?? {})).toHaveLength(0);
    expect(text(await h.press(bea, officeHoursUi.buttons.join.customId([id, 1])))).toContain("was cancelled");
    await runDueJobs(h.deps);
    expect(h.notifier.to(lou.id).filter((d) => allText(d.message).includes("Cancelled"))).toHaveLength(1);
    expect(text(await h.run(mia, "/office-hours cancel", { event: String(id) }))).toContain("already cancelled");
  });

  it("given /office-hours list and the event option's autocomplete, then upcoming ones show seats left and can be joined", async () => {
    expect(text(await h.run(lou, "/office-hours list"))).toContain("No office hours are planned");
    const id = await createOfficeHour(kim, { seats: 3 });
    await h.press(ann, officeHoursUi.buttons.join.customId([id, 1]));
    const list = await h.run(lou, "/office-hours list");
    expect(text(list)).toContain("1 of 3 taken · 2 left");
    expect(limitProblems(list.last)).toEqual([]);
    expect(text((await h.pressLabel(lou, list.last, `Join #${id}`)).res)).toContain("You have a seat");
    const choices = await h.complete(kim, "/office-hours cancel", { name: "event", value: "" });
    expect(choices.map((c) => c.value)).toEqual([String(id)]);
    expect(choices[0]?.name).toContain(`#${id} · interviewing`);
    expect(choices[0]?.name).toContain("1 seat(s) left");
  });
});

describe("the resource library", () => {
  it("given mentors and moderators adding https links, then a repeated URL merges its topics, bad input names the field, and members find them by topic", async () => {
    expect(text(await h.run(pat, "/resources add", { url: "https://example.org/cv", title: "CV guide", topics: "cv" }))).toContain("Only mentors and moderators");
    expect(text(await h.run(kim, "/resources add", { url: "http://example.org/cv", title: "CV guide", topics: "cv" }))).toBe("⚠️ Option `url`: must start with https://");
    expect(text(await h.run(kim, "/resources add", { url: "javascript:alert(1)", title: "x", topics: "cv" }))).toBe("⚠️ Option `url`: must start with https://");
    expect(text(await h.run(kim, "/resources add", { url: "https://user:pw@example.org/", title: "x", topics: "cv" }))).toBe("⚠️ Option `url`: must not contain a user name or password");
    expect(text(await h.run(kim, "/resources add", { url: "https://localhost/x", title: "x", topics: "cv" }))).toBe("⚠️ Option `url`: must have a real host name, like careers.example.org");
    expect(text(await h.run(kim, "/resources add", { url: `https://example.org/${"a".repeat(300)}`, title: "x", topics: "cv" }))).toBe("⚠️ Option `url`: must be at most 300 characters");
    const added = await h.run(kim, "/resources add", { url: "https://Example.org/cv-guide#part-2", title: "The **CV** guide", topics: "Resumes, interviews", note: "Start here" });
    expect(text(added)).toContain("Added resource #1 with topics cv, interviewing");
    expect(text(added)).toContain("The \\*\\*CV\\*\\* guide");
    const merged = await h.run(mia, "/resources add", { url: "https://example.org/cv-guide/", title: "Another title", topics: "cv, salary negotiation" });
    expect(text(merged)).toContain("already in the library as #1; added the topic(s) salary negotiation");
    expect(await database.db.resource.count()).toBe(1);
    const stored = await database.db.resource.findFirstOrThrow({ include: { topics: true } });
    expect(stored.url).toBe("https://example.org/cv-guide");
    expect(stored.title).toBe("The **CV** guide");
    expect(stored.topics.map((t) => t.topicKey).sort()).toEqual(["cv", "interviewing", "salarynegotiation"]);
    const found = await h.run(pat, "/resources find", { topic: "resume" });
    expect(text(found)).toContain("Resources on cv");
    expect(text(found)).toContain("<https://example.org/cv-guide>");
    expect(text(await h.run(pat, "/resources find", { topic: "leadership" }))).toContain("None yet");
    expect(await h.complete(pat, "/resources find", { name: "topic", value: "sal" })).toContainEqual({ name: "salary negotiation", value: "salary negotiation" });
    expect(text(await h.run(max, "/resources remove", { resource: "1" }))).toContain("Only the member who added resource #1 or a moderator");
    expect(text(await h.run(kim, "/resources remove", { resource: "#1" }))).toContain("Removed resource #1");
    expect(await database.db.resource.count()).toBe(0);
  });

  it("given the longest titles, notes, links and ten topics that escaping doubles, then /resources find and list pages fit Discord's limits", async () => {
    const mark = "*_`|~>".repeat(20);
    for (let i = 0; i < 9; i++) {
      const url = `https://example.org/${"p".repeat(250)}/${i}`;
      const topics = Array.from({ length: 10 }, (_, k) => `${"*".repeat(30)}${i}${k}`).join(", ");
      expectOk(await h.run(kim, "/resources add", { url, title: mark.slice(0, 100), topics, note: mark.repeat(3).slice(0, 300) }), `resource ${i}`);
    }
    const find = await h.run(lou, "/resources find", { topic: `${"*".repeat(30)}00` });
    expect(limitProblems(find.last)).toEqual([]);
    const list = await h.run(lou, "/resources list");
    expect(limitProblems(list.last)).toEqual([]);
    expect(list.last.embeds?.[0]?.fields).toHaveLength(8);
    const next = await h.pressLabel(lou, list.last, "Next");
    expect(next.res.events.map((e) => e.kind)).toEqual(["update"]);
    expect(next.res.last.embeds?.[0]?.fields).toHaveLength(1);
    expect(limitProblems(next.res.last)).toEqual([]);
  });

  it("given resources on a new pair's shared topics, then the welcome lists up to three; /match find without a strong match offers the mentee's", async () => {
    for (const [i, topic] of ["interviewing", "interviewing, cv", "salary negotiation", "interviewing"].entries()) {
      expectOk(await h.run(kim, "/resources add", { url: `https://example.org/r${i}`, title: `Resource ${i}`, topics: topic }), `resource ${i}`);
    }
    const { matchId } = await requestMentor(h, lou, kim);
    expect(text(await h.press(kim, `match:accept:${matchId}`, null))).toContain("The match is active");
    const welcome = h.notifier.spaces.at(-1)?.starter;
    const field = welcome?.embeds?.[0]?.fields?.find((f) => f.name.startsWith("From the resource library"));
    expect(field?.value.split("\n")).toHaveLength(3);
    expect(field?.value).toContain("<https://example.org/r0>");
    expect(field?.value).not.toContain("r2"); // salary negotiation is Lou's topic but not Kim's

    const zed = member("Zed");
    await menteeProfile(h, zed, 0, { industry: "agriculture", topics: "salary negotiation", about: "Underwater basket weaving cooperative questions." });
    const find = await h.run(zed, "/match find");
    expect(text(find)).toContain("No strong match yet");
    expect(text(find)).toContain("Meanwhile, from the resource library");
    expect(text(find)).toContain("<https://example.org/r2>");
  });
});

describe("/mod stats capacity", () => {
  it("given a history of matches, then /mod stats defers, then shows coverage, throughput, the forecast with its assumptions and supply vs demand, with two PNG charts and their alt text, within Discord's limits", async () => {
    // Two weeks ago Lou started with Kim; last week Ann started with Kim and Lou's match ended.
    h.clock.set(new Date("2026-11-16T10:00:00Z"));
    const { matchId: first } = await requestMentor(h, lou, kim);
    await h.press(kim, `match:accept:${first}`, null);
    h.clock.set(new Date("2026-11-24T10:00:00Z"));
    const { matchId: second } = await requestMentor(h, ann, kim);
    await h.press(kim, `match:accept:${second}`, null);
    expectOk(await h.run(lou, "/match end", { match: first, rating: 5 }), "end");
    h.clock.set(new Date("2026-12-02T10:00:00Z"));
    const res = await h.run(mia, "/mod stats", { horizon: 4 });
    expect(res.events.map((e) => e.kind)).toEqual(["defer", "editReply"]);
    const message = res.last;
    expect(limitProblems(message)).toEqual([]);
    const all = allText(message);
    expect(all).toContain("Mentoring statistics");
    expect(all).toContain("Capacity, coverage and forecast");
    expect(all).toContain("2 matches started · 1 ended");
    // Waiting: Lou and Bea (Ann is active). 2 starts in 4 weeks: 0.5 a week, places to spare (Max has 10).
    expect(all).toContain("all 2 waiting mentees will have started in about 4 week(s)");
    expect(all).toContain("To clear the list within 4 week(s)");
    expect(all).toContain("Only today's waiting list counts");
    expect(all).toContain("• interviewing: 2 waiting · 1 free place(s) with 1 mentor(s)");
    expect(message.files?.map((f) => f.name)).toEqual(["waiting-and-active.png", "topics.png"]);
    for (const file of message.files ?? []) {
      const bytes = Buffer.from(file.data as Uint8Array);
      expect(bytes.subarray(1, 4).toString()).toBe("PNG");
      expect(bytes.length).toBeLessThan(200_000);
      expect(file.description?.length ?? 0).toBeGreaterThan(20);
    }
    expect(message.files?.[0]?.description).toContain("Mentees waiting:");
    expect(message.files?.[1]?.description).toContain("interviewing 2 / 1");
    expect(text(await h.run(mia, "/mod stats", { horizon: 53 }))).toBe("⚠️ Option `horizon`: must be from 1 to 52");
  });
});
