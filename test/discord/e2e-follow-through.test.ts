// Follow-through through the real discord.js client (src/bot.ts) against the loopback fake of
// Discord's API: every new button and form is pressed or submitted as Discord sends it, and the
// assertions are on the HTTP requests the bot made (callback types, flags, components, files)
// and on the database. The tests in the journey build on each other, as members would.
import type { APIMessage } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.js";
import { runDueJobs } from "../../src/jobs/expiry.js";
import { silentLogger } from "../../src/logger.js";
import { DAY_MS, ManualClock } from "../../src/services/clock.js";
import { openTempDatabase, type TempDatabase } from "../support/discord-db.js";
import {
  botMessage,
  createDiscordHarness,
  nextSnowflake,
  option,
  testMember,
  testModerator,
  type DiscordHarness,
  type InteractionOutcome,
  type RecordedRequest,
} from "../support/discord-harness.js";

let database: TempDatabase;
let h: DiscordHarness;
const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));

const kim = testMember({ username: "kim", globalName: "Kim" }); // mentor
const lou = testMember({ username: "lou", globalName: "Lou" }); // mentee
const max = testMember({ username: "max", globalName: "Max" }); // second mentor
const mod = testModerator({ username: "mo", globalName: "Mo" });

beforeAll(async () => {
  database = await openTempDatabase();
  h = await createDiscordHarness({ commands, deps: { db: database.db, logger: silentLogger, clock } });
});

afterAll(async () => {
  await h?.close();
  await database?.close();
});

/** What the bot's tick gets in production: the same database and clock, the real Discord notifier. */
function deps() {
  return { db: database.db, logger: silentLogger, clock, notifier: h.notifier };
}

function data(outcome: InteractionOutcome): Record<string, unknown> {
  return outcome.callback?.data ?? {};
}

function customIds(body: unknown): string[] {
  const rows = ((body ?? {}) as { components?: { components?: { custom_id?: string }[] }[] }).components ?? [];
  return rows.flatMap((r) => (r.components ?? []).map((c) => c.custom_id ?? ""));
}

function text(body: unknown): string {
  return JSON.stringify(body ?? {});
}

/** The message a DM or channel post created, so its buttons can be pressed. */
function posted(request: RecordedRequest | undefined, guildId: string | null): APIMessage {
  if (request === undefined) throw new Error("no recorded message to press buttons on");
  const body = (request.body ?? {}) as { content?: string; components?: APIMessage["components"]; embeds?: APIMessage["embeds"] };
  return botMessage({
    applicationId: h.applicationId,
    channelId: /\/channels\/(\d+)\/messages$/.exec(request.path)?.[1] ?? nextSnowflake(),
    guildId,
    ...(body.content === undefined ? {} : { content: body.content }),
    ...(body.components === undefined ? {} : { components: body.components }),
    ...(body.embeds === undefined ? {} : { embeds: body.embeds }),
  });
}

/** Posts made since `from` that carry the custom id `id`. */
function postWith(id: string, from = 0): RecordedRequest | undefined {
  return h.server.requests.slice(from).filter((r) => r.method === "POST" && /\/channels\/\d+\/messages$/.test(r.path) && customIds(r.body).includes(id)).at(-1);
}

async function profile(who: typeof kim, role: "mentor" | "mentee", extra: ReturnType<typeof option.string>[] = []) {
  const out = await h.command({
    name: role,
    subcommand: "profile",
    as: who,
    options: [
      option.string("industry", "software"),
      option.string("stage", role === "mentor" ? "senior" : "student"),
      option.string("topics", "interviews, cv review"),
      option.string("about", role === "mentor" ? "I have hired many engineers and can help with interviews." : "Preparing for my first software interviews."),
      ...extra,
    ],
  });
  expect(String(data(out)["content"])).toContain("profile is ready");
}

async function request(from: typeof kim, to: typeof kim): Promise<number> {
  const out = await h.command({ name: "match", subcommand: "request", as: from, options: [option.user("mentor", to)] });
  expect(String(data(out)["content"])).toContain("sent to");
  const match = await database.db.match.findFirstOrThrow({ where: { mentee: { userId: from.user.id }, mentor: { userId: to.user.id } }, orderBy: { id: "desc" } });
  return match.id;
}

describe("journey: decline with a reason, first acceptance wins, actions, sessions, check-ins, quiet pairs, export", () => {
  let matchId = 0;
  let threadId = "";

  it("given profiles, review off and a match channel, then the setup is stored", async () => {
    await profile(kim, "mentor", [option.string("timezone", "Europe/Berlin")]);
    await profile(max, "mentor");
    await profile(lou, "mentee", [option.string("timezone", "america/sao_paulo")]);
    const config = await h.command({ name: "mod", subcommand: "config", as: mod, options: [option.boolean("review-required", false), option.channel("match-channel", h.channelId), option.integer("checkin-days", 5)] });
    expect(String(text(data(config)))).toContain("check-in after 5 days");
    expect((await database.db.profile.findFirstOrThrow({ where: { userId: lou.user.id } })).timezone).toBe("America/Sao_Paulo");
  });

  it("given Decline on the request DM, then the DM is updated (7) with the reasons; Other opens the form (9); its submission declines and tells the mentee", async () => {
    const id = await request(lou, max);
    const dm = postWith(`match:decline:${id}`);
    const step = await h.button({ customId: `match:decline:${id}`, as: max, guildId: null, channelId: posted(dm, null).channel_id, message: posted(dm, null) });
    expect(step.callback?.type).toBe(7);
    expect(customIds(data(step))).toEqual([1, 2, 3, 4, 5, 6].map((c) => `match:decline-why:${id}-${c}`).concat(`match:decline-back:${id}`));
    const back = await h.button({ customId: `match:decline-back:${id}`, as: max, guildId: null, message: h.messageFrom(step, { guildId: null }) });
    expect(back.callback?.type).toBe(7);
    expect(customIds(data(back))).toEqual([`match:accept:${id}`, `match:decline:${id}`]);
    const form = await h.button({ customId: `match:decline-why:${id}-3`, as: max, guildId: null });
    expect(form.callback?.type).toBe(9);
    expect(data(form)).toMatchObject({ custom_id: `match:decline-form:${id}-0` });
    h.server.reset();
    const submit = await h.modal({ customId: `match:decline-form:${id}-0`, as: max, guildId: null, fields: { reason: "Off to a new job <@&1>", share: "yes" } });
    expect(submit.callback?.type).toBe(4);
    expect(String(data(submit)["content"])).toContain("with your words");
    expect(await database.db.match.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "declined", closeReason: "other" });
    const told = h.server.find("POST", "/channels/:id/messages").map((r) => text(r.body)).join("\n");
    expect(told).toContain("In their words");
    expect(told).toContain('"allowed_mentions":{"parse":[]}');
  });

  it("given two open requests and one is accepted, then the other is withdrawn and its mentor told; the match thread opens", async () => {
    const second = member2();
    await profile(second, "mentor");
    const other = await request(lou, second);
    matchId = await request(lou, kim);
    h.server.reset();
    const accept = await h.button({ customId: `match:accept:${matchId}`, as: kim, guildId: null });
    expect(accept.callback?.type).toBe(7);
    expect(await database.db.match.findUniqueOrThrow({ where: { id: other } })).toMatchObject({ status: "cancelled", closeReason: "first-acceptance" });
    expect(h.server.requests.some((r) => text(r.body).includes(`Request #${other} was withdrawn`))).toBe(true);
    const match = await database.db.match.findUniqueOrThrow({ where: { id: matchId } });
    expect(match.status).toBe("active");
    threadId = match.threadId ?? "";
    expect(threadId).toMatch(/^\d+$/);
  });

  it("given /match note with due: and for:, then the action is stored for the mentee and /match actions shows a Done button that updates the list (7)", async () => {
    const note = await h.command({ name: "match", subcommand: "note", as: kim, options: [option.integer("match", matchId), option.string("text", "Send me **two** job ads"), option.string("due", "2026-03-10"), option.user("for", lou)] });
    expect(String(data(note)["content"])).toContain("Lou gets a reminder that morning");
    const action = await database.db.matchNote.findFirstOrThrow({ where: { matchId } });
    // 09:00 in São Paulo (UTC−3) on 10 March.
    expect(action).toMatchObject({ ownerUserId: lou.user.id, remindAt: new Date("2026-03-10T12:00:00Z") });
    const list = await h.command({ name: "match", subcommand: "actions", as: lou, options: [option.integer("match", matchId)] });
    expect(data(list)).toMatchObject({ flags: 64 });
    expect(customIds(data(list))).toEqual([`match:done:${action.id}-0`]);
    const done = await h.button({ customId: `match:done:${action.id}-0`, as: lou, message: h.messageFrom(list) });
    expect(done.callback?.type).toBe(7);
    expect(text(data(done))).toContain("☑");
    expect((await database.db.matchNote.findUniqueOrThrow({ where: { id: action.id } })).doneById).toBe(lou.user.id);
    const page = await h.button({ customId: `match:actions-page:${matchId}-0`, as: kim });
    expect(page.callback?.type).toBe(7);
  });

  it("given /match schedule, then the pair's thread gets the session with Discord timestamps, an .ics file (multipart) and Cancel/Reschedule buttons", async () => {
    h.server.reset();
    const out = await h.command({ name: "match", subcommand: "schedule", as: kim, options: [option.integer("match", matchId), option.string("when", "2026-03-05 18:00"), option.integer("duration", 30)] });
    expect(data(out)).toMatchObject({ flags: 64 });
    expect(String(data(out)["content"])).toContain("(Europe/Berlin)");
    const session = await database.db.matchSession.findFirstOrThrow({ where: { matchId } });
    expect(session.startsAt.toISOString()).toBe("2026-03-05T17:00:00.000Z");
    const [post] = h.server.find("POST", `/channels/${threadId}/messages`);
    expect(String(post?.headers["content-type"])).toMatch(/^multipart\/form-data/);
    expect(text(post?.body)).toContain(`<t:${session.startsAt.getTime() / 1000}:F>`);
    expect(text(post?.body)).toContain(`<t:${session.startsAt.getTime() / 1000}:R>`);
    expect((post?.body as Record<string, unknown>)["allowed_mentions"]).toEqual({ parse: [] });
    expect(customIds(post?.body)).toEqual([`match:session-move:${session.id}`, `match:session-cancel:${session.id}`]);
    expect(post?.files.map((f) => f.filename)).toEqual([`mentoring-session-${session.id}.ics`]);
    expect(post?.files[0]?.data.toString("utf8")).toContain("DTSTART:20260305T170000Z");
  });

  it("given Reschedule on the thread post, then a form opens (9) and its submission moves the session, read in the presser's timezone", async () => {
    const session = await database.db.matchSession.findFirstOrThrow({ where: { matchId } });
    const post = posted(h.server.find("POST", `/channels/${threadId}/messages`).at(-1), h.guildId);
    const form = await h.button({ customId: `match:session-move:${session.id}`, as: lou, channelId: threadId, message: post });
    expect(form.callback?.type).toBe(9);
    expect(data(form)).toMatchObject({ custom_id: `match:session-form:${session.id}` });
    const moved = await h.modal({ customId: `match:session-form:${session.id}`, as: lou, channelId: threadId, fields: { when: "2026-03-06 09:00" } });
    expect(moved.callback?.type).toBe(4);
    // 09:00 in São Paulo is 12:00 UTC.
    expect(await database.db.matchSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ startsAt: new Date("2026-03-06T12:00:00Z"), sequence: 1 });
  });

  it("given the 24-hour reminder time, then the tick posts it in the thread once", async () => {
    clock.set(new Date("2026-03-05T12:01:00Z"));
    h.server.reset();
    expect((await runDueJobs(deps())).sessionReminders).toBe(1);
    expect((await runDueJobs(deps())).sessionReminders).toBe(0);
    const posts = h.server.find("POST", `/channels/${threadId}/messages`);
    expect(posts).toHaveLength(1);
    expect(text(posts[0]?.body)).toContain("starts within 24 hours");
  });

  it("given Cancel on the session, then it is cancelled and the thread gets a cancelled invite", async () => {
    const session = await database.db.matchSession.findFirstOrThrow({ where: { matchId } });
    h.server.reset();
    const out = await h.button({ customId: `match:session-cancel:${session.id}`, as: kim, channelId: threadId });
    expect(out.callback?.type).toBe(4);
    expect((await database.db.matchSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe("cancelled");
    const [post] = h.server.find("POST", `/channels/${threadId}/messages`);
    expect(post?.files[0]?.data.toString("utf8")).toContain("STATUS:CANCELLED");
  });

  it("given the check-in time, then both get 'How is it going?' by DM; Going well updates (7) and Need a moderator opens the flag form (9), which flags the match for /mod queue's Resolve", async () => {
    clock.set(new Date("2026-03-07T10:05:00Z"));
    h.server.reset();
    expect((await runDueJobs(deps())).checkins).toBe(1);
    const forLou = postWith(`match:checkin:${matchId}-1`);
    expect(customIds(forLou?.body)).toEqual([1, 2, 3].map((c) => `match:checkin:${matchId}-${c}`));
    const well = await h.button({ customId: `match:checkin:${matchId}-1`, as: kim, guildId: null, message: posted(forLou, null) });
    expect(well.callback?.type).toBe(7);
    const form = await h.button({ customId: `match:checkin:${matchId}-3`, as: lou, guildId: null });
    expect(form.callback?.type).toBe(9);
    expect(data(form)).toMatchObject({ custom_id: `match:flag-form:${matchId}` });
    const flagged = await h.modal({ customId: `match:flag-form:${matchId}`, as: lou, guildId: null, fields: { reason: "We never find a time" } });
    expect(flagged.callback?.type).toBe(4);
    const queue = await h.command({ name: "mod", subcommand: "queue", as: mod });
    expect(customIds(data(queue))).toEqual([`mod:resolve:${matchId}`]);
    const refused = await h.button({ customId: `mod:resolve:${matchId}`, as: lou });
    expect(String(data(refused)["content"])).toContain("Only moderators");
    const resolved = await h.button({ customId: `mod:resolve:${matchId}`, as: mod, message: h.messageFrom(queue) });
    expect(resolved.callback?.type).toBe(4);
    expect((await database.db.match.findUniqueOrThrow({ where: { id: matchId } })).flagResolvedAt).not.toBeNull();
  });

  it("given a quiet pair, then both are asked Keep going / End by DM; Keep going updates (7) and restarts the timers", async () => {
    clock.advance(60 * DAY_MS);
    h.server.reset();
    expect(await runDueJobs(deps())).toMatchObject({ idleQuestions: 1 });
    const question = postWith(`match:keep:${matchId}`);
    expect(customIds(question?.body)).toEqual([`match:keep:${matchId}`, `match:stop:${matchId}`]);
    const keep = await h.button({ customId: `match:keep:${matchId}`, as: lou, guildId: null, message: posted(question, null) });
    expect(keep.callback?.type).toBe(7);
    expect((await database.db.match.findUniqueOrThrow({ where: { id: matchId } })).idleDeadlineAt).toBeNull();
  });

  it("given End on the quiet-pair question, then the match ends (7) and the other side is told", async () => {
    clock.advance(60 * DAY_MS);
    await runDueJobs(deps());
    h.server.reset();
    const out = await h.button({ customId: `match:stop:${matchId}`, as: kim, guildId: null });
    expect(out.callback?.type).toBe(7);
    expect(await database.db.match.findUniqueOrThrow({ where: { id: matchId } })).toMatchObject({ status: "ended", closeReason: "idle-end" });
    expect(h.server.find("POST", "/channels/:id/messages").some((r) => text(r.body).includes("has ended"))).toBe(true);
  });

  it("given Not a good fit on another match's check-in, then the match is closed (7)", async () => {
    const id = await request(lou, max);
    await h.button({ customId: `match:accept:${id}`, as: max, guildId: null });
    const out = await h.button({ customId: `match:checkin:${id}-2`, as: lou, guildId: null });
    expect(out.callback?.type).toBe(7);
    expect(await database.db.match.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "ended", closeReason: "not-a-fit" });
  });

  it("given /profile export, then the reply is ephemeral with the JSON file attached (multipart)", async () => {
    const out = await h.command({ name: "profile", subcommand: "export", as: lou });
    const request = out.requests[0];
    expect(String(request?.headers["content-type"])).toMatch(/^multipart\/form-data/);
    expect((request?.body as { data: { flags: number } }).data.flags).toBe(64);
    const file = request?.files[0];
    expect(file?.filename).toMatch(/^mentor-bot-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(file?.data.toString("utf8") ?? "{}") as { member: string; matches: unknown[]; notesAndActionsYouWrote: unknown[] };
    expect(exported.member).toBe(lou.user.id);
    expect(exported.matches.length).toBeGreaterThanOrEqual(3);
  });
});

let extra = 0;
function member2() {
  extra += 1;
  return testMember({ username: `mentor${extra}`, globalName: `Mentor ${extra}` });
}
