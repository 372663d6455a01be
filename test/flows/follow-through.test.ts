// Follow-through end to end through the real router, handlers, services, timed jobs and a migrated
// SQLite file: action points with due dates, check-ins, quiet pairs, scheduled sessions, decline
// reasons, first acceptance wins, automatic pause, responsiveness, stats and the data export.
// Only Discord is replaced (replies, DMs and pair posts are recorded); time moves with the clock.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDueJobs } from "../../src/jobs/expiry.js";
import { DAY_MS, HOUR_MS } from "../../src/services/clock.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { expectOk, menteeProfile, mentorProfile, requestMentor } from "../support/fixtures.js";
import { allText, buttonLabelled, buttons, createHarness, member, userValue, type Harness, type Member } from "../support/interactions.js";

let database: TempDatabase;
let h: Harness;
let asha: Member; // mentor, Europe/London
let ben: Member; // mentee, America/New_York
let mia: Member; // moderator

beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db); // 2026-11-02T10:00Z, a Monday
  asha = member("Asha");
  ben = member("Ben");
  mia = member("Mia", { canManageGuild: true });
  expectOk(await h.run(mia, "/mod config", { "review-required": false, "commands-per-minute": 120 }), "config");
  await mentorProfile(h, asha, 0, { timezone: "europe/london", industry: "fintech", topics: "interviewing, cv" });
  await menteeProfile(h, ben, 0, { timezone: "America/New_York", industry: "fintech", topics: "interviewing, cv" });
});
afterEach(async () => database.cleanup());

/** Ben requests Asha, Asha accepts: an active match (review is off). */
async function activeMatch(mentor = asha, mentee = ben): Promise<number> {
  const { matchId } = await requestMentor(h, mentee, mentor);
  expect(allText((await h.press(mentor, `match:accept:${matchId}`, null)).last)).toContain("The match is active");
  return matchId;
}

const text = (res: { last: Parameters<typeof allText>[0] }) => allText(res.last);

describe("timezones are checked with luxon", () => {
  it("given a real IANA name in any case or a UTC offset then it is stored canonical; an unknown zone is refused with one line", async () => {
    expect((await database.db.profile.findFirstOrThrow({ where: { userId: asha.id } })).timezone).toBe("Europe/London");
    expectOk(await h.run(ben, "/mentee profile", { timezone: "gmt-5:30" }), "offset");
    expect((await database.db.profile.findFirstOrThrow({ where: { userId: ben.id } })).timezone).toBe("UTC-5:30");
    const bad = await h.run(ben, "/mentee profile", { timezone: "Mars/Olympus_Mons" });
    expect(text(bad)).toBe("⚠️ Option `timezone`: must be a real timezone like Europe/London, America/New_York or UTC+2");
    expect(text(await h.run(ben, "/mentee profile", { timezone: "UTC+15" }))).toContain("Option `timezone`");
  });
});

describe("action points", () => {
  it("given a note with due: then its owner is reminded once at 09:00 of their own timezone on that day, Done ticks it off, and it was overdue in /match list before", async () => {
    const id = await activeMatch();
    const res = await h.run(asha, "/match note", { match: id, text: "Send **three** job ads [link](http://x)", due: "2026-11-05", for: userValue(ben) });
    expect(text(res)).toMatch(/Action point #\d+ added to match #\d+, due 2026-11-05\. Ben gets a reminder that morning \(09:00 in their timezone\)/);
    const told = allText(h.lastDm(ben));
    expect(told).toContain("New action point");
    expect(told).toContain("Send \\*\\*three\\*\\* job ads \\[link](http://x)"); // escaped, so nothing renders
    const before = h.notifier.to(ben.id).length;

    // 09:00 in New York on 5 November is 14:00 UTC (EST, UTC−5).
    h.clock.set(new Date("2026-11-05T13:59:00Z"));
    expect((await runDueJobs(h.deps)).actionReminders).toBe(0);
    h.clock.set(new Date("2026-11-05T14:00:30Z"));
    const [first, second] = await Promise.all([runDueJobs(h.deps), runDueJobs(h.deps)]);
    expect((first?.actionReminders ?? 0) + (second?.actionReminders ?? 0)).toBe(1);
    expect(h.notifier.to(ben.id).length).toBe(before + 1);
    const reminder = h.lastDm(ben);
    expect(allText(reminder)).toContain("Action point due today");
    expect(h.notifier.to(asha.id).some((m) => allText(m.message).includes("due today"))).toBe(false);

    // The next day in New York it is overdue in both people's /match list.
    h.clock.set(new Date("2026-11-06T06:00:00Z")); // 01:00 in New York: already the 6th there
    expect(text(await h.run(asha, "/match list"))).toMatch(/Overdue action points \(1\)[\s\S]*Send/);
    const actions = await h.run(ben, "/match actions", { match: id });
    expect(text(actions)).toContain("⚠️ overdue");
    const done = await h.pressLabel(ben, reminder, "Done", null);
    expect(text(done.res)).toContain("is done");
    expect(text(done.res)).toContain("☑");
    expect(text(await h.press(asha, done.button.customId, null))).toContain("already done");
    expect(text(await h.run(ben, "/match list"))).not.toContain("Overdue");
    expect((await runDueJobs(h.deps)).actionReminders).toBe(0);
  });

  it("given for: someone outside the match, or for: without due:, then one line says why and nothing is stored", async () => {
    const id = await activeMatch();
    const outsider = member("Olga");
    expect(text(await h.run(asha, "/match note", { match: id, text: "x", due: "2026-11-20", for: userValue(outsider) }))).toContain("Option `for`: an action point belongs to one of the two people");
    expect(text(await h.run(asha, "/match note", { match: id, text: "x", for: userValue(ben) }))).toContain("Option `for`: an owner needs a due date");
    expect(text(await h.run(asha, "/match note", { match: id, text: "x", due: "2026-02-30" }))).toContain("Option `due`: is not a real calendar date");
    expect(await database.db.matchNote.count()).toBe(0);
  });

  it("given more than ten action points then /match actions pages with Previous/Next and never exceeds five rows of buttons", async () => {
    const id = await activeMatch();
    for (let i = 0; i < 13; i++) expectOk(await h.run(i % 2 === 0 ? asha : ben, "/match note", { match: id, text: `Action ${i} ${"x".repeat(900)}`, due: "2026-12-01" }), `action ${i}`);
    const page = await h.run(ben, "/match actions", { match: id });
    expect(page.last.buttons?.length).toBeLessThanOrEqual(5);
    expect(buttons(page.last).filter((b) => b.label.startsWith("Done #"))).toHaveLength(10);
    const embed = page.last.embeds?.[0];
    expect((embed?.description ?? "").length + (embed?.title ?? "").length + (embed?.footer ?? "").length).toBeLessThan(6000);
    expect(embed?.footer).toContain("page 1 of 2");
    const next = await h.pressLabel(ben, page.last, "Next ▶");
    expect(next.res.last.embeds?.[0]?.footer).toContain("page 2 of 2");
    expect(buttons(next.res.last).filter((b) => b.label.startsWith("Done #"))).toHaveLength(3);
    expect(text(await h.press(member("Stranger"), next.button.customId))).toContain("You are not part of match");
  });
});

describe("check-ins", () => {
  it("given checkin-days 3, then both get 'How is it going?' once; Going well is recorded", async () => {
    expectOk(await h.run(mia, "/mod config", { "checkin-days": 3 }), "checkin days");
    const id = await activeMatch();
    h.clock.advance(3 * DAY_MS - HOUR_MS);
    expect((await runDueJobs(h.deps)).checkins).toBe(0);
    h.clock.advance(2 * HOUR_MS);
    expect((await runDueJobs(h.deps)).checkins).toBe(1);
    expect((await runDueJobs(h.deps)).checkins).toBe(0);
    const forBen = h.lastDm(ben);
    expect(allText(forBen)).toContain("How is it going with Asha?");
    expect(allText(h.lastDm(asha))).toContain("How is it going with Ben?");
    const { res } = await h.pressLabel(ben, forBen, "Going well", null);
    expect(text(res)).toContain("glad match");
    expect(await database.db.matchCheckin.findMany({ select: { role: true, answer: true } })).toEqual([{ role: "mentee", answer: "going-well" }]);
    expect((await database.db.match.findUniqueOrThrow({ where: { id } })).status).toBe("active");
  });

  it("given a double click on Going well, then both clicks are answered and one check-in is stored", async () => {
    expectOk(await h.run(mia, "/mod config", { "checkin-days": 3 }), "checkin days");
    await activeMatch();
    h.clock.advance(3 * DAY_MS + HOUR_MS);
    expect((await runDueJobs(h.deps)).checkins).toBe(1);
    const forBen = h.lastDm(ben);
    const clicks = await Promise.all([h.pressLabel(ben, forBen, "Going well", null), h.pressLabel(ben, forBen, "Going well", null)]);
    for (const { res } of clicks) expect(text(res)).toContain("glad");
    expect(await database.db.matchCheckin.findMany({ select: { role: true, answer: true } })).toEqual([{ role: "mentee", answer: "going-well" }]);
  });

  it("given Not a good fit, then the match ends kindly, the mentee waits again with fresh suggestions and the other side is told neutrally", async () => {
    const omar = member("Omar");
    await mentorProfile(h, omar, 1, { industry: "fintech", topics: "interviewing, cv" });
    const id = await activeMatch();
    h.clock.advance(15 * DAY_MS);
    await runDueJobs(h.deps);
    const { res } = await h.pressLabel(asha, h.lastDm(asha), "Not a good fit", null);
    expect(text(res)).toContain("closed kindly");
    const match = await database.db.match.findUniqueOrThrow({ where: { id } });
    expect(match).toMatchObject({ status: "ended", closeReason: "not-a-fit", closedById: asha.id });
    expect((await database.db.profile.findFirstOrThrow({ where: { userId: ben.id } })).menteeWaitingSince).not.toBeNull();
    const told = allText(h.lastDm(ben));
    expect(told).toContain(`Match #${id} has been closed`);
    expect(told).toContain("says nothing about you");
    expect(told).not.toContain("Asha");
    expect(told).toContain("Fresh suggestions: Omar");
    // It counts against nobody: Asha's place is free and Ben can request someone else at once.
    expect(text(await h.run(ben, "/match request", { mentor: userValue(omar) }))).toMatch(/Request #\d+ sent/);
  });

  it("given Need a moderator, then a short form flags the match in /mod queue, only moderators see the words, and Resolve clears it once", async () => {
    const id = await activeMatch();
    h.clock.advance(15 * DAY_MS);
    await runDueJobs(h.deps);
    const pressed = await h.pressLabel(ben, h.lastDm(ben), "Need a moderator", null);
    expect(pressed.res.modal.customId).toBe(`match:flag-form:${id}`);
    expect(text(await h.submit(ben, pressed.res.modal.customId, { reason: "  " }, null))).toContain("Field `reason`: must not be empty");
    const sent = await h.submit(ben, pressed.res.modal.customId, { reason: "She cancels every call `rm -rf` @everyone" }, null);
    expect(text(sent)).toContain("A moderator will look at match");
    expect(h.notifier.to(asha.id).some((m) => allText(m.message).includes("cancels"))).toBe(false);
    const queue = await h.run(mia, "/mod queue");
    expect(text(queue)).toContain("1 flagged match(es)");
    expect(text(queue)).toContain("She cancels every call \\`rm -rf\\` @everyone");
    const resolve = buttonLabelled(queue.last, `Resolve #${id}`);
    expect(text(await h.press(ben, resolve.customId))).toContain("Only moderators");
    expect(text(await h.press(mia, resolve.customId))).toContain("resolved");
    expect(text(await h.press(mia, resolve.customId))).toContain("no open flag");
    expect(text(await h.run(mia, "/mod queue"))).toContain("nothing is flagged");
    expect(await database.db.auditLog.count({ where: { action: "resolve-flag", matchId: id } })).toBe(1);
  });
});

describe("quiet pairs", () => {
  it("given no activity, then both are nudged after nudge-days, asked to keep going after idle-days, and the match ends 7 days later with an audit entry", async () => {
    expectOk(await h.run(mia, "/mod config", { "nudge-days": 5, "idle-days": 10, "checkin-days": 90 }), "quiet config");
    const id = await activeMatch();
    h.clock.advance(5 * DAY_MS + 60_000);
    expect(await runDueJobs(h.deps)).toMatchObject({ nudges: 1, idleQuestions: 0 });
    expect(allText(h.lastDm(ben))).toContain("A gentle nudge");
    expect(allText(h.lastDm(asha))).toContain("A gentle nudge");
    h.clock.advance(5 * DAY_MS);
    expect(await runDueJobs(h.deps)).toMatchObject({ nudges: 0, idleQuestions: 1 });
    const question = h.lastDm(ben);
    expect(buttons(question).map((b) => b.label)).toEqual(["Keep going", "End"]);
    h.clock.advance(7 * DAY_MS - HOUR_MS);
    expect((await runDueJobs(h.deps)).idleEnded).toBe(0);
    h.clock.advance(2 * HOUR_MS);
    expect((await runDueJobs(h.deps)).idleEnded).toBe(1);
    expect(await database.db.match.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "ended", closeReason: "idle", closedById: null });
    expect(await database.db.auditLog.findFirst({ where: { action: "auto-end", matchId: id } })).toMatchObject({ actorUserId: "system" });
    expect(text(await h.run(mia, "/mod audit"))).toContain("🤖 the bot auto-end");
    expect(allText(h.lastDm(ben))).toContain("has ended");
    expect(text(await h.press(ben, buttonLabelled(question, "Keep going").customId, null))).toContain("already ended");
  });

  it("given activity (a note) the timers restart; Keep going restarts them too; End closes the match", async () => {
    expectOk(await h.run(mia, "/mod config", { "nudge-days": 5, "idle-days": 10, "checkin-days": 90 }), "quiet config");
    const id = await activeMatch();
    h.clock.advance(4 * DAY_MS);
    expectOk(await h.run(ben, "/match note", { match: id, text: "Had a great first call." }), "note");
    h.clock.advance(2 * DAY_MS);
    expect((await runDueJobs(h.deps)).nudges).toBe(0);
    h.clock.advance(8 * DAY_MS + 60_000);
    expect(await runDueJobs(h.deps)).toMatchObject({ idleQuestions: 1 });
    const keep = await h.pressLabel(asha, h.lastDm(asha), "Keep going", null);
    expect(text(keep.res)).toContain("carries on");
    expect(allText(h.lastDm(ben))).toContain("would like to keep going");
    h.clock.advance(8 * DAY_MS);
    expect((await runDueJobs(h.deps)).idleEnded).toBe(0);
    h.clock.advance(3 * DAY_MS);
    await runDueJobs(h.deps);
    const end = await h.pressLabel(ben, h.lastDm(ben), "End", null);
    expect(text(end.res)).toContain("has ended");
    expect(await database.db.match.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "ended", closeReason: "idle-end" });
  });

  it("given idle-days not above nudge-days, then /mod config refuses it with one line", async () => {
    expect(text(await h.run(mia, "/mod config", { "idle-days": 20 }))).toContain("idle-days (20) must be more than nudge-days (21)");
  });
});

describe("scheduled sessions", () => {
  it("given /match schedule with a time in the scheduler's timezone, then the pair gets Discord timestamps and an .ics invite, reminders 24 h and 1 h before, and a held session counts in /mod stats", async () => {
    const id = await activeMatch();
    const res = await h.run(ben, "/match schedule", { match: id, when: "2026-11-10 18:30", duration: 45, where: "Zoom <https://zoom.us/j/1>" });
    // 18:30 in New York on 10 November is 23:30 UTC.
    expect(text(res)).toContain("scheduled for Tue 10 Nov 2026, 18:30 (America/New_York)");
    const session = await database.db.matchSession.findFirstOrThrow();
    expect(session.startsAt.toISOString()).toBe("2026-11-10T23:30:00.000Z");
    const post = h.notifier.pairPosts.at(-1);
    expect(post?.userIds).toEqual([asha.id, ben.id]);
    const shown = allText(post?.message ?? {});
    const unix = Date.UTC(2026, 10, 10, 23, 30) / 1000;
    expect(shown).toContain(`<t:${unix}:F>`);
    expect(shown).toContain(`<t:${unix}:R>`);
    expect(shown).toContain("zoom.us/j/1");
    const ics = String(post?.message.files?.[0]?.data);
    expect(post?.message.files?.[0]?.name).toBe(`mentoring-session-${session.id}.ics`);
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    for (const line of ["DTSTART:20261110T233000Z", "DURATION:PT45M", "STATUS:CONFIRMED", "SEQUENCE:0", "END:VCALENDAR"]) expect(ics).toContain(line);
    expect(ics).toContain(`UID:session-${session.id}@careers-mentor-bot`);

    h.clock.set(new Date("2026-11-09T23:29:00Z"));
    expect((await runDueJobs(h.deps)).sessionReminders).toBe(0);
    h.clock.set(new Date("2026-11-09T23:31:00Z"));
    expect((await runDueJobs(h.deps)).sessionReminders).toBe(1);
    expect(allText(h.notifier.pairPosts.at(-1)?.message ?? {})).toContain("starts within 24 hours");
    h.clock.set(new Date("2026-11-10T22:31:00Z"));
    expect((await runDueJobs(h.deps)).sessionReminders).toBe(1);
    expect(allText(h.notifier.pairPosts.at(-1)?.message ?? {})).toContain("starts within the hour");
    expect((await runDueJobs(h.deps)).sessionReminders).toBe(0);
    h.clock.set(new Date("2026-11-11T00:16:00Z"));
    expect((await runDueJobs(h.deps)).sessionsHeld).toBe(1);
    expect((await database.db.matchSession.findFirstOrThrow()).status).toBe("held");
    expect(text(await h.run(mia, "/mod stats"))).toContain("1 in all · 1 in the last 30 days");
    expect(text(await h.run(ben, "/match sessions", { match: id }))).toMatch(/Past \(1\)[\s\S]*held/);
  });

  it("given a relative time, Reschedule through its form and Cancel, then each is read in the presser's timezone, told to both with a new invite, and the reminders follow", async () => {
    const id = await activeMatch();
    // Asha is in London (GMT in November): "tomorrow 18:00" is 2026-11-03T18:00Z.
    expectOk(await h.run(asha, "/match schedule", { match: id, when: "tomorrow 18:00" }), "schedule");
    const session = await database.db.matchSession.findFirstOrThrow();
    expect(session.startsAt.toISOString()).toBe("2026-11-03T18:00:00.000Z");
    expect(session.durationMinutes).toBe(60);
    const post = h.notifier.pairPosts.at(-1)?.message ?? {};
    const move = await h.pressLabel(ben, post, "Reschedule", null);
    expect(move.res.modal.customId).toBe(`match:session-form:${session.id}`);
    expect(text(await h.submit(ben, move.res.modal.customId, { when: "yesterday" }, null))).toMatch(/^⚠️ Field `when`: must look like .*America\/New_York/);
    expect(text(await h.submit(ben, move.res.modal.customId, { when: "friday 9:30am" }, null))).toContain("moved to Fri 6 Nov 2026, 09:30 (America/New_York)");
    const moved = await database.db.matchSession.findFirstOrThrow();
    expect(moved).toMatchObject({ sequence: 1, startsAt: new Date("2026-11-06T14:30:00Z"), remindDayAt: new Date("2026-11-05T14:30:00Z") });
    expect(String(h.notifier.pairPosts.at(-1)?.message.files?.[0]?.data)).toContain("SEQUENCE:1");
    const cancel = await h.pressLabel(asha, h.notifier.pairPosts.at(-1)?.message ?? {}, "Cancel", null);
    expect(text(cancel.res)).toContain("is cancelled");
    const cancelled = String(h.notifier.pairPosts.at(-1)?.message.files?.[0]?.data);
    expect(cancelled).toContain("STATUS:CANCELLED");
    expect(cancelled).toContain("SEQUENCE:2");
    expect(text(await h.press(ben, cancel.button.customId, null))).toContain("already cancelled");
    h.clock.set(new Date("2026-11-06T14:00:00Z"));
    expect((await runDueJobs(h.deps)).sessionReminders).toBe(0);
  });

  it("given a time in the past, a bad format, a stranger or an ended match, then one line says why and nothing is stored", async () => {
    const id = await activeMatch();
    expect(text(await h.run(ben, "/match schedule", { match: id, when: "2026-11-01 10:00" }))).toContain("Option `when`: must be in the future");
    expect(text(await h.run(ben, "/match schedule", { match: id, when: "soonish" }))).toMatch(/^⚠️ Option `when`: must look like 2026-12-03 18:00, tomorrow 18:00/);
    expect(text(await h.run(ben, "/match schedule", { match: id, when: "2026-02-30 10:00" }))).toContain("is not a real calendar date");
    expect(text(await h.run(member("Stranger"), "/match schedule", { match: id, when: "tomorrow 10:00" }))).toContain("You are not part of match");
    expectOk(await h.run(ben, "/match end", { match: id }), "end");
    expect(text(await h.run(ben, "/match schedule", { match: id, when: "tomorrow 10:00" }))).toContain("Sessions can be scheduled for active matches");
    expect(await database.db.matchSession.count()).toBe(0);
  });

  it("given the pair's space cannot be reached, then the session is saved and the scheduler is told in an ephemeral follow-up", async () => {
    const id = await activeMatch();
    h.notifier.closedDms.add(asha.id);
    h.notifier.closedDms.add(ben.id);
    const res = await h.run(ben, "/match schedule", { match: id, when: "tomorrow 10:00" });
    expect(res.events.map((e) => e.kind)).toEqual(["reply", "followUp"]);
    expect(allText(res.events[1]?.message ?? {})).toContain("neither your thread nor your DMs could be reached");
    expect(res.events[1]?.message?.ephemeral).toBe(true);
    expect(await database.db.matchSession.count()).toBe(1);
  });
});

describe("responsive mentors", () => {
  it("given first acceptance wins, then a mentee's other open requests are withdrawn when one is accepted and those mentors are told; with it off they stay", async () => {
    const omar = member("Omar");
    const lena = member("Lena");
    await mentorProfile(h, omar, 1, { industry: "fintech", topics: "interviewing" });
    await mentorProfile(h, lena, 2, { industry: "fintech", topics: "cv" });
    const a = await requestMentor(h, ben, asha);
    const o = await requestMentor(h, ben, omar);
    expect(text(await h.press(asha, `match:accept:${a.matchId}`, null))).toContain("active");
    expect(await database.db.match.findUniqueOrThrow({ where: { id: o.matchId } })).toMatchObject({ status: "cancelled", closeReason: "first-acceptance" });
    expect(allText(h.lastDm(omar))).toContain(`Request #${o.matchId} was withdrawn`);
    expect(text(await h.press(omar, `match:accept:${o.matchId}`, null))).toContain("already handled");

    expectOk(await h.run(mia, "/mod config", { "first-acceptance-wins": false }), "off");
    const carla = member("Carla");
    await menteeProfile(h, carla, 3, { industry: "fintech", topics: "cv, interviewing" });
    const c1 = await requestMentor(h, carla, omar);
    const c2 = await requestMentor(h, carla, lena);
    await h.press(omar, `match:accept:${c1.matchId}`, null);
    expect((await database.db.match.findUniqueOrThrow({ where: { id: c2.matchId } })).status).toBe("requested");
  });

  it("given Decline, then the mentor picks a reason; 'Other' takes their words in a form, shared only when they say yes, and can pause them", async () => {
    const omar = member("Omar");
    await mentorProfile(h, omar, 1, { industry: "fintech", topics: "interviewing, cv" });
    const first = await requestMentor(h, ben, asha);
    const step = await h.pressLabel(asha, h.lastDm(asha), "Decline", null);
    expect(buttons(step.res.last).map((b) => b.label)).toEqual([
      "No capacity right now",
      "Not my area",
      "Other (write why)…",
      "No capacity + pause my availability",
      "Not my area + pause me",
      "Other + pause me…",
      "Back (keep the request open)",
    ]);
    const back = await h.pressLabel(asha, step.res.last, /^Back/, null);
    expect(buttons(back.res.last).map((b) => b.label)).toEqual(["Accept", "Decline"]);
    expect(text(await h.press(ben, step.button.customId, null))).toContain("Only the mentor");
    const other = await h.press(asha, `match:decline-why:${first.matchId}-6`, null);
    expect(other.modal.customId).toBe(`match:decline-form:${first.matchId}-1`);
    expect(text(await h.submit(asha, other.modal.customId, { reason: "Moving abroad", share: "nah" }, null))).toBe("⚠️ Field `share`: answer yes or no.");
    const done = await h.submit(asha, other.modal.customId, { reason: "Moving abroad *soon*", share: "YES" }, null);
    expect(text(done)).toContain("with your words");
    expect(text(done)).toContain("availability is paused");
    const told = allText(h.lastDm(ben));
    expect(told).toContain("cannot take you on at the moment");
    expect(told).toContain("In their words: “Moving abroad \\*soon\\*”");
    expect(told).toContain("Fresh suggestions: Omar");
    expect(await database.db.match.findUniqueOrThrow({ where: { id: first.matchId } })).toMatchObject({ status: "declined", closeReason: "other", decisionReason: "Moving abroad *soon*" });
    expect((await database.db.profile.findFirstOrThrow({ where: { userId: asha.id } })).mentorAvailable).toBe(false);

    const second = await requestMentor(h, ben, omar);
    await h.press(omar, `match:decline:${second.matchId}`, null);
    const f = await h.press(omar, `match:decline-why:${second.matchId}-3`, null);
    await h.submit(omar, f.modal.customId, { reason: "Private reason zzqx" }, null);
    expect(allText(h.lastDm(ben))).not.toContain("zzqx");
    expect((await database.db.profile.findFirstOrThrow({ where: { userId: omar.id } })).mentorAvailable).toBe(true);
  });

  it("given two requests in a row expire, then the mentor is paused with a DM explaining how to resume; an answer in between resets the count", async () => {
    const carla = member("Carla");
    const dan = member("Dan");
    await menteeProfile(h, carla, 1, { industry: "fintech", topics: "cv" });
    await menteeProfile(h, dan, 2, { industry: "fintech", topics: "cv" });
    await requestMentor(h, ben, asha);
    h.clock.advance(8 * DAY_MS);
    expect((await runDueJobs(h.deps)).paused).toBe(0);
    const answered = await requestMentor(h, carla, asha);
    await h.press(asha, `match:decline-why:${answered.matchId}-2`, null); // an answer: the run is broken
    await requestMentor(h, dan, asha);
    h.clock.advance(8 * DAY_MS);
    expect((await runDueJobs(h.deps)).paused).toBe(0);
    expect((await database.db.profile.findFirstOrThrow({ where: { userId: asha.id } })).mentorAvailable).toBe(true);
    const eve = member("Eve");
    await menteeProfile(h, eve, 3, { industry: "fintech", topics: "cv" });
    await requestMentor(h, eve, asha);
    h.clock.advance(8 * DAY_MS);
    expect((await runDueJobs(h.deps)).paused).toBe(1);
    expect(allText(h.lastDm(asha))).toContain("/mentor availability status:on");
    expect((await database.db.profile.findFirstOrThrow({ where: { userId: asha.id } })).mentorAvailable).toBe(false);
    expect(text(await h.run(asha, "/mentor availability", { status: "on" }))).toContain("You are available");
    expect((await database.db.profile.findFirstOrThrow({ where: { userId: asha.id } })).mentorMissedInARow).toBe(0);
  });

  it("given a mentor who answered three requests, then suggestions say how fast they usually answer (median of the last ten), and /mod stats lists mentors whose requests wait longest", async () => {
    expectOk(await h.run(mia, "/mod config", { "max-pending": 10, "requests-per-hour": 50, "first-acceptance-wins": false }), "limits");
    const waits = [1, 2, 4]; // days
    for (const [i, days] of waits.entries()) {
      const m = member(`Mentee ${i}`);
      await menteeProfile(h, m, i, { industry: "fintech", topics: "cv" });
      const { matchId } = await requestMentor(h, m, asha);
      h.clock.advance(days * DAY_MS);
      await h.press(asha, `match:decline-why:${matchId}-2`, null);
    }
    const find = await h.run(ben, "/match find");
    expect(text(find)).toContain("usually answers within 2 days");
    const omar = member("Omar");
    await mentorProfile(h, omar, 1, { industry: "fintech", topics: "cv" });
    expect(text(await h.run(ben, "/match find"))).not.toMatch(/Omar[^\n]*\n[^\n]*usually answers/);
    await requestMentor(h, ben, omar);
    h.clock.advance(3 * DAY_MS);
    const stats = text(await h.run(mia, "/mod stats"));
    expect(stats).toMatch(/Mentors with requests waiting longest\n• Omar: 1 open, oldest 3\.0 days/);
  });
});

describe("Discord's limits at the configured maximums", () => {
  it("given maximal notes, overdue actions and sessions, then /match list, notes, actions and sessions stay within field (1,024), embed (6,000) and row limits before any clamping", async () => {
    expectOk(await h.run(mia, "/mod config", { "commands-per-minute": 120 }), "rate");
    const id = await activeMatch();
    const long = (i: number) => `${i} ${"**[x](http://e.co)** `a`".repeat(60)}`.slice(0, 1000);
    for (let i = 0; i < 8; i++) expectOk(await h.run(ben, "/match note", { match: id, text: long(i), due: "2026-11-03" }), `action ${i}`);
    for (let i = 0; i < 4; i++) expectOk(await h.run(asha, "/match note", { match: id, text: long(i) }), `note ${i}`);
    for (let i = 0; i < 12; i++) expectOk(await h.run(asha, "/match schedule", { match: id, when: `in ${i + 1} days 10:00`, where: "_".repeat(200) }), `session ${i}`);
    h.clock.advance(20 * DAY_MS); // everything overdue, half the sessions past
    for (const [command, who] of [["/match list", ben], ["/match notes", asha], ["/match actions", ben], ["/match sessions", asha]] as const) {
      const res = await h.run(who, command, command === "/match list" ? {} : { match: id });
      const message = res.last;
      expect((message.buttons ?? []).length, command).toBeLessThanOrEqual(5);
      for (const row of message.buttons ?? []) expect(row.length, command).toBeLessThanOrEqual(5);
      for (const embed of message.embeds ?? []) {
        expect((embed.fields ?? []).length, command).toBeLessThanOrEqual(25);
        for (const field of embed.fields ?? []) expect(field.value.length, `${command} ${field.name}`).toBeLessThanOrEqual(1024);
        expect((embed.description ?? "").length, command).toBeLessThanOrEqual(4096);
        const size = (embed.title ?? "").length + (embed.description ?? "").length + (embed.footer ?? "").length + (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
        expect(size, command).toBeLessThanOrEqual(6000);
      }
    }
  });
});

describe("/profile export", () => {
  it("given a member with a profile, a match, notes, an action, a session and feedback, then they get a JSON file of their data without the other side's words", async () => {
    const id = await activeMatch();
    expectOk(await h.run(ben, "/match note", { match: id, text: "Ben's own note", due: "2026-11-20" }), "ben note");
    expectOk(await h.run(asha, "/match note", { match: id, text: "Asha's words zzqx", due: "2026-11-21", for: userValue(ben) }), "asha action");
    expectOk(await h.run(ben, "/match schedule", { match: id, when: "tomorrow 12:00", where: "Cafe" }), "session");
    expectOk(await h.run(ben, "/match end", { match: id, rating: 5, feedback: "Thank you!" }), "end");
    const res = await h.run(ben, "/profile export");
    expect(res.last.ephemeral).toBe(true);
    const file = res.last.files?.[0];
    expect(file?.name).toMatch(/^mentor-bot-export-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(String(file?.data)) as Record<string, unknown> & { profile: { mentee: { topics: string[] }; timezone: string }; matches: { with: string; sessions: unknown[] }[]; notesAndActionsYouWrote: { text: string; dueOn: string }[]; actionsAssignedToYou: unknown[]; feedbackYouGave: { rating: number }[] };
    expect(data["member"]).toBe(ben.id);
    expect(data.profile.timezone).toBe("America/New_York");
    expect(data.profile.mentee.topics).toEqual(["cv", "interviewing"]);
    expect(data.matches).toHaveLength(1);
    expect(data.matches[0]?.with).toBe("Asha");
    expect(data.matches[0]?.sessions).toHaveLength(1);
    expect(data.notesAndActionsYouWrote).toEqual([expect.objectContaining({ text: "Ben's own note", dueOn: "2026-11-20" })]);
    expect(data.actionsAssignedToYou).toHaveLength(1);
    expect(data.feedbackYouGave).toEqual([expect.objectContaining({ rating: 5 })]);
    expect(String(file?.data)).not.toContain("zzqx");
    const nobody = await h.run(member("Nobody"), "/profile export");
    expect(JSON.parse(String(nobody.last.files?.[0]?.data))).toMatchObject({ profile: null, matches: [] });
  });
});

describe("restarts", () => {
  it("given reminders scheduled before a restart, then a new process on the same database sends each once", async () => {
    const id = await activeMatch();
    expectOk(await h.run(ben, "/match schedule", { match: id, when: "2026-11-04 12:00" }), "session");
    expectOk(await h.run(ben, "/match note", { match: id, text: "Follow up", due: "2026-11-04" }), "action");
    // A "restart": a new router, notifier and clock over the same file.
    // 12:00 in New York is 17:00 UTC; at 16:30 the 1-hour reminder is due (the 24-hour one, long
    // overdue, is dropped), and so is Ben's 09:00 (14:00 UTC) action reminder.
    const again = createHarness(database.db, undefined, new Date("2026-11-04T16:30:00Z"));
    const summary = await runDueJobs(again.deps);
    expect(summary).toMatchObject({ actionReminders: 1, sessionReminders: 1 });
    expect((await runDueJobs(again.deps)).sessionReminders + (await runDueJobs(h.deps)).actionReminders).toBe(0);
    expect(again.notifier.to(ben.id).some((m) => allText(m.message).includes("Follow up"))).toBe(true);
  });
});
