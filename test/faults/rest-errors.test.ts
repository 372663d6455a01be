// Discord REST failures on the full command path: the real discord.js Client (src/bot.ts), the real
// commands and router, the real Discord notifier and a migrated SQLite file. Only Discord's servers
// are replaced: the loopback fake (test/support/discord-server.ts) answers and records requests,
// and a loopback hop in front of it (support/rest-proxy.ts) adds the response headers Discord puts
// on a 429. Each test asserts on what the member saw, what Discord received, what the database holds
// and what the operator's log says; each ends by checking the bot still serves the next interaction.
//
// Not repeated here: notifier.test.ts already covers each notifier fallback in isolation (50007,
// 50013/50001 on thread creation, 10003...) and e2e-client.test.ts covers 10062 with a stub command.
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.js";
import { createLogger } from "../../src/logger.js";
import { ManualClock } from "../../src/services/clock.js";
import { openTempDatabase, type TempDatabase } from "../support/discord-db.js";
import {
  botMessage,
  createDiscordHarness,
  option,
  testMember,
  testModerator,
  type DiscordHarness,
  type InteractionOutcome,
  type RecordedRequest,
  type TestMember,
} from "../support/discord-harness.js";
import { startRestProxy, type RestProxy } from "./support/rest-proxy.js";

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

const WARN = 40;
const ERROR = 50;

let database: TempDatabase;
let h: DiscordHarness;
let proxy: RestProxy;
const logs: LogLine[] = [];
const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
const mod = testModerator({ username: "mo", globalName: "Mo" });

beforeAll(async () => {
  database = await openTempDatabase();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line.trim() !== "") logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  h = await createDiscordHarness({ commands, deps: { db: database.db, logger: createLogger("debug", sink), clock } });
  // Route the client's REST through the header-adding hop (same fake behind it). `rest.options.api`
  // is read on every request, so this is the same as having built the client with the proxy's URL.
  proxy = await startRestProxy(h.server.apiUrl);
  h.client.rest.options.api = proxy.apiUrl;
});

afterAll(async () => {
  await h?.close();
  await proxy?.close();
  await database?.close();
});

beforeEach(() => {
  h.server.reset();
  proxy.headersFor = null;
  proxy.before = null;
  logs.length = 0;
});

function data(outcome: InteractionOutcome): Record<string, unknown> {
  return outcome.callback?.data ?? {};
}

function bodyOf(request: RecordedRequest | undefined): Record<string, unknown> {
  return (request?.body ?? {}) as Record<string, unknown>;
}

function customIds(body: unknown): string[] {
  const rows = ((body ?? {}) as { components?: { components?: { custom_id?: string }[] }[] }).components ?? [];
  return rows.flatMap((r) => (r.components ?? []).map((c) => c.custom_id ?? ""));
}

/** Log lines at warn or above that say something went wrong unexpectedly (not a handled Discord failure). */
function unexpectedErrors(): LogLine[] {
  return logs.filter((l) => l.level >= ERROR || l.msg === "interaction failed" || l.msg === "interaction handler crashed");
}

/** Fresh members per test: discord.js caches DM channels and the limits are per member. */
async function mentorAndMentee(tag: string): Promise<{ mentor: TestMember; mentee: TestMember }> {
  const mentor = testMember({ username: `mentor-${tag}`, globalName: `Mentor ${tag}` });
  const mentee = testMember({ username: `mentee-${tag}`, globalName: `Mentee ${tag}` });
  const m = await h.command({
    name: "mentor",
    subcommand: "profile",
    as: mentor,
    options: [
      option.string("industry", "software"),
      option.string("stage", "senior"),
      option.string("topics", "interviews, cv review"),
      option.string("about", "I have hired many engineers and can help with interviews."),
      option.integer("capacity", 3),
    ],
  });
  const e = await h.command({
    name: "mentee",
    subcommand: "profile",
    as: mentee,
    options: [
      option.string("industry", "software"),
      option.string("stage", "student"),
      option.string("topics", "interviews"),
      option.string("about", "Preparing for my first software interviews."),
    ],
  });
  expect([m.callback?.type, e.callback?.type]).toEqual([4, 4]);
  h.server.reset();
  logs.length = 0;
  return { mentor, mentee };
}

async function matchOf(guildId: string, menteeUserId: string) {
  return database.db.match.findFirst({ where: { guildId, mentee: { userId: menteeUserId } }, orderBy: { id: "desc" } });
}

/** The next interaction is served normally: the bot (and the process) is still up. */
async function expectStillServing(as: TestMember): Promise<void> {
  const next = await h.command({ name: "match", subcommand: "list", as });
  expect(next.callback?.type).toBe(4);
  expect(data(next)).toMatchObject({ flags: 64 });
  expect(JSON.stringify(data(next)["embeds"])).toContain("Your matches");
}

describe("429 on the interaction callback", () => {
  it("given Discord rate limits the first reply (retry-after 1s, user scope) then discord.js waits, retries once and the reply arrives; the request is stored once", async () => {
    const { mentor, mentee } = await mentorAndMentee("429");
    h.server.on(
      "POST",
      "/interactions/:id/:token/callback",
      { status: 429, body: { message: "You are being rate limited.", retry_after: 0.05, global: false } },
      { times: 1 },
    );
    // Discord's header is whole seconds; discord.js waits for the header, not the body's retry_after.
    proxy.headersFor = (_req, status) => (status === 429 ? { "retry-after": "1", "x-ratelimit-scope": "user" } : undefined);

    const started = performance.now();
    const out = await h.command({ name: "match", subcommand: "request", as: mentee, options: [option.user("mentor", mentor), option.string("message", "Hello!")] });
    const elapsed = performance.now() - started;

    // Two identical attempts at the same callback: the 429, then the retry that Discord accepted.
    expect(out.callbacks).toHaveLength(2);
    expect(out.callbacks[1]).toEqual(out.callbacks[0]);
    expect(out.callback?.type).toBe(4);
    expect(String(data(out)["content"])).toMatch(/Request #\d+ sent to Mentor 429\./);
    // The retry honoured retry-after (1 s plus discord.js's offset) instead of hammering the API.
    expect(elapsed).toBeGreaterThanOrEqual(950);
    // No follow-up or error reply on the token: the handler ran once and replied once.
    expect(out.webhooks).toHaveLength(0);

    // The handler ran once: one match row, one DM to the mentor.
    expect(await database.db.match.count({ where: { guildId: h.guildId, mentee: { userId: mentee.user.id } } })).toBe(1);
    expect(h.server.find("POST", "/users/@me/channels").map((r) => r.body)).toEqual([{ recipient_id: mentor.user.id }]);
    expect(h.server.find("POST", "/channels/:id/messages")).toHaveLength(1);

    expect(unexpectedErrors()).toEqual([]);
    await expectStillServing(mentee);
  });
});

describe("429 while opening the mentor's DM channel", () => {
  it("given a 429 with retry-after 3.2 s on the DM, then the member's answer still arrives within Discord's 3 s and the DM follows after the wait", async () => {
    const { mentor, mentee } = await mentorAndMentee("429-dm");
    h.server.on("POST", "/users/@me/channels", { status: 429, body: { message: "You are being rate limited.", retry_after: 3.2, global: false } }, { times: 1 });
    proxy.headersFor = (_req, status) => (status === 429 ? { "retry-after": "3.2", "x-ratelimit-scope": "user" } : undefined);

    const started = performance.now();
    const out = await h.command({ name: "match", subcommand: "request", as: mentee, options: [option.user("mentor", mentor)] });

    const callback = out.requests.find((r) => r.path.endsWith("/callback"));
    expect(callback).toBeDefined();
    expect((callback?.at ?? Infinity) - started).toBeLessThan(3_000);
    expect(String(data(out)["content"])).toMatch(/Request #\d+ sent to Mentor 429-dm\./);
    // discord.js waited out the limit and the DM went through: two attempts, one message, no follow-up.
    expect(h.server.find("POST", "/users/@me/channels")).toHaveLength(2);
    const dmPost = h.server.find("POST", "/channels/:id/messages")[0];
    expect((dmPost?.at ?? 0) - started).toBeGreaterThanOrEqual(3_000);
    expect(out.webhooks).toHaveLength(0);
    // The operator sees it: one warning with the route template and the wait, no token, no ids.
    const limited = logs.filter((l) => l.msg === "Discord REST rate limit hit");
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({ level: WARN, method: "POST", route: "/users/@me/channels", retryAfterMs: 3200, scope: "user" });
    expect(JSON.stringify(limited[0])).not.toContain(mentor.user.id);
    expect(unexpectedErrors()).toEqual([]);
    await expectStillServing(mentee);
  }, 30_000);
});

describe("5xx while sending the mentor's request DM", () => {
  it.each([
    { label: "500 on opening the DM channel", method: "POST", path: "/users/@me/channels", status: 500 },
    { label: "502 on posting the DM", method: "POST", path: /^\/channels\/\d+\/messages$/, status: 502 },
  ])("given $label on every retry then the request is stored, the mentee is told the mentor could not be reached, the failure is logged and the bot keeps serving", async ({ method, path, status }) => {
    const { mentor, mentee } = await mentorAndMentee(`5xx-${status}`);
    // discord.js retries a 5xx `rest.retries` times (3 by default): fail the first try and every retry.
    const attempts = h.client.rest.options.retries + 1;
    h.server.fail(method, path, { status, code: 0, message: `${status}: Bad Gateway` }, { times: attempts });

    const out = await h.command({ name: "match", subcommand: "request", as: mentee, options: [option.user("mentor", mentor)] });

    expect(h.server.find(method, path)).toHaveLength(attempts);
    expect(out.callback?.type).toBe(4);
    expect(data(out)).toMatchObject({ flags: 64 });
    expect(String(data(out)["content"])).toMatch(/Request #\d+ sent to Mentor 5xx-\d+/);
    // The answer came first; how the delivery went follows once discord.js gave up.
    const content = out.webhooks.map((r) => String((r.body as Record<string, unknown>)["content"])).join("\n");
    expect(content).toContain("could not be reached by DM right now");
    expect(content).toContain("/match list");
    // Not the channel fallback: that is only for closed DMs (50007), not for Discord failing.
    expect(h.server.find("GET", "/guilds/:id")).toHaveLength(0);

    const match = await matchOf(h.guildId, mentee.user.id);
    expect(match).toMatchObject({ status: "requested", source: "request" });

    const logged = logs.filter((l) => l.msg.startsWith("could not notify member by DM"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: WARN, status, userId: mentor.user.id, guildId: h.guildId });
    expect(logged[0]?.msg).toContain("Discord unavailable");
    expect(unexpectedErrors()).toEqual([]);

    await expectStillServing(mentee);
  });
});

describe("5xx on the reply itself", () => {
  it("given Discord fails every attempt at the /mentor profile reply with 500 then the profile is stored, the failure is logged without the interaction token or the member's text, and the bot keeps serving", async () => {
    const member = testMember({ username: "outage", globalName: "Outage" });
    const about = "My private story: switching careers after a layoff.";
    // Shaped like a real interaction token (base64, no dots: the logger's bot-token pattern does not match it).
    const token = "aW50ZXJhY3Rpb246MTIwMDAwMDAwMDAwMDAwMDAwOlNFQ1JFVFRPS0VOZm9ydGhpc2ludGVyYWN0aW9u";
    const payload = {
      ...h.payload.command({
        name: "mentor",
        subcommand: "profile",
        as: member,
        options: [option.string("industry", "software"), option.string("stage", "senior"), option.string("topics", "interviews"), option.string("about", about)],
      }),
      token,
    };
    // Only this interaction's callbacks fail, on the first try and every retry.
    h.server.fail("POST", `/interactions/${payload.id}/${token}/callback`, { status: 500, code: 0, message: "500: Internal Server Error" });

    const out = await h.dispatch(payload);

    expect(out.callbacks.length).toBeGreaterThanOrEqual(h.client.rest.options.retries + 1);
    const profile = await database.db.profile.findUnique({ where: { guildId_userId: { guildId: h.guildId, userId: member.user.id } } });
    expect(profile).toMatchObject({ isMentor: true, canAdviseOn: about });

    // The operator learns that the reply failed, with status and route...
    expect(logs.some((l) => JSON.stringify(l).includes('"status":500'))).toBe(true);
    // ...but an interaction token is a credential (15 minutes of posting as the bot) and the reply
    // carries the member's own words: neither belongs in the log (src/discord/errors.ts promises
    // "never the request body or token"; src/logger.ts redacts user text).
    const logText = logs.map((l) => JSON.stringify(l)).join("\n");
    expect(logText).not.toContain(token);
    expect(logText).not.toContain(about);
    expect(logText).not.toContain("requestBody");

    await expectStillServing(member);
  });
});

describe("50013 when opening the pair's private thread", () => {
  it("given the bot lacks permission in the match channel then the moderator's approval succeeds and both members get the starter by DM", async () => {
    const { mentor, mentee } = await mentorAndMentee("50013");
    const matchChannelId = "777777777777777777";
    const config = await h.command({ name: "mod", subcommand: "config", as: mod, options: [option.channel("match-channel", matchChannelId)] });
    expect(String(data(config)["content"])).toContain("Settings saved");

    // Request (DM to the mentor with Accept/Decline), then the mentor presses Accept in that DM.
    await h.command({ name: "match", subcommand: "request", as: mentee, options: [option.user("mentor", mentor)] });
    const match = await matchOf(h.guildId, mentee.user.id);
    const matchId = match?.id ?? 0;
    const [requestDm] = h.server.find("POST", "/channels/:id/messages");
    expect(customIds(requestDm?.body)).toContain(`match:accept:${matchId}`);
    const dmChannelId = /\/channels\/(\d+)\/messages$/.exec(requestDm?.path ?? "")?.[1] ?? "";
    const accept = await h.button({
      customId: `match:accept:${matchId}`,
      as: mentor,
      guildId: null,
      channelId: dmChannelId,
      message: botMessage({ applicationId: h.applicationId, channelId: dmChannelId, guildId: null, components: bodyOf(requestDm)["components"] as never }),
    });
    expect(accept.callback?.type).toBe(7);
    expect((await database.db.match.findUnique({ where: { id: matchId } }))?.status).toBe("pending_review");

    h.server.reset();
    logs.length = 0;
    h.server.fail("POST", `/channels/${matchChannelId}/threads`, { status: 403, code: 50013, message: "Missing Permissions" });
    const approve = await h.command({ name: "mod", subcommand: "approve", as: mod, options: [option.integer("match", matchId)] });

    // The moderator sees success: the match is approved whatever happened to the thread.
    expect(approve.callback?.type).toBe(4);
    expect(data(approve)).toMatchObject({ flags: 64 });
    expect(String(data(approve)["content"])).toContain(`Match #${matchId} approved and active`);
    expect(await database.db.match.findUnique({ where: { id: matchId } })).toMatchObject({ status: "active", threadId: null, reviewedById: mod.user.id });

    // One attempt at the thread (403 is not retried), then no thread members and no thread post.
    expect(h.server.find("POST", `/channels/${matchChannelId}/threads`)).toHaveLength(1);
    expect(h.server.find("PUT", "/channels/:id/thread-members/:user")).toHaveLength(0);

    // The starter reached each member's DM channel, pinging nobody.
    const dmOf = (who: TestMember) => h.client.users.cache.get(who.user.id)?.dmChannel?.id;
    const starterTo = (who: TestMember) =>
      h.server
        .find("POST", `/channels/${dmOf(who) ?? "none"}/messages`)
        .map(bodyOf)
        .filter((b) => String(b["content"]).startsWith("Welcome,") && String(b["content"]).includes(`Match #${matchId} is active`));
    for (const who of [mentor, mentee]) {
      const starters = starterTo(who);
      expect(starters).toHaveLength(1);
      expect(starters[0]?.["allowed_mentions"]).toEqual({ parse: [] });
    }
    // The mentee's "you are matched" notice points at the DMs, not at a thread that does not exist.
    const menteeNotices = h.server.find("POST", `/channels/${dmOf(mentee) ?? "none"}/messages`).map((r) => JSON.stringify(bodyOf(r)["embeds"]));
    expect(menteeNotices.some((e) => e.includes("Check your DMs for the welcome message."))).toBe(true);

    const logged = logs.filter((l) => l.msg.startsWith("cannot open a private pair thread"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: WARN, discordCode: 50013, status: 403, channelId: matchChannelId });
    expect(unexpectedErrors()).toEqual([]);

    await expectStillServing(mentee);
  });
});

describe("expired interactions (10062 unknown interaction, 10015 unknown webhook)", () => {
  it("given the interaction expired before /mentor profile replied then the profile is saved, the failure is logged once, nothing else is sent and the next interaction is answered", async () => {
    const late = testMember({ username: "late", globalName: "Late" });
    h.server.fail("POST", "/interactions/:id/:token/callback", { status: 404, code: 10062, message: "Unknown interaction" }, { times: 1 });

    const out = await h.command({
      name: "mentor",
      subcommand: "profile",
      as: late,
      options: [
        option.string("industry", "software"),
        option.string("stage", "senior"),
        option.string("topics", "interviews"),
        option.string("about", "Happy to help with interviews."),
      ],
    });

    // One attempt (a 4xx is not retried) and no error reply, follow-up or edit on the dead token.
    expect(out.requests).toHaveLength(1);
    expect(out.callback?.type).toBe(4);
    // Nothing else at all went to Discord for this interaction (no DM, no channel post).
    expect(h.server.requests).toHaveLength(1);

    const profile = await database.db.profile.findUnique({ where: { guildId_userId: { guildId: h.guildId, userId: late.user.id } } });
    expect(profile).toMatchObject({ isMentor: true, industry: "software-development" });

    const logged = logs.filter((l) => l.msg.startsWith("could not answer interaction"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: WARN, discordCode: 10062, status: 404, action: "reply", interactionId: out.interactionId });
    expect(logged[0]?.msg).toContain("interaction expired or already answered");
    // The log names the route without the interaction token.
    expect(JSON.stringify(logged[0])).not.toContain(out.token);
    expect(unexpectedErrors()).toEqual([]);

    const next = await h.command({ name: "mentor", subcommand: "availability", as: late, options: [option.string("status", "off")] });
    expect(next.callback?.type).toBe(4);
    expect(String(data(next)["content"])).toContain("not taking new mentees");
  });

  it("given the token expires during /mod round (10015 on the first progress edit) then the round still completes, no later edit is attempted and it is logged once", async () => {
    const { mentee } = await mentorAndMentee("round");
    h.server.fail("PATCH", "/webhooks/:app/:token/messages/@original", { status: 404, code: 10015, message: "Unknown Webhook" }, { times: 1 });

    const out = await h.command({ name: "mod", subcommand: "round", as: mod });

    // Deferred in time; then one edit attempt, which failed; the remaining progress edit and the
    // final summary are not sent to a dead token.
    expect(out.callbacks.map((c) => c.type)).toEqual([5]);
    expect(out.webhooks.map((r) => r.method)).toEqual(["PATCH"]);
    expect(out.requests).toHaveLength(2);

    const proposals = await database.db.match.findMany({ where: { guildId: h.guildId, source: "round", mentee: { userId: mentee.user.id } } });
    expect(proposals.map((m) => m.status)).toEqual(["pending_review"]);

    const logged = logs.filter((l) => l.msg.startsWith("could not answer interaction"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: WARN, discordCode: 10015, action: "editReply" });
    expect(unexpectedErrors()).toEqual([]);

    const queue = await h.command({ name: "mod", subcommand: "queue", as: mod });
    expect(queue.callback?.type).toBe(4);
    expect(String(data(queue)["content"])).toMatch(/\d+ match\(es\) waiting for review/);
  });

  it("given a /mod round still running when its interaction token is about to expire (15 minutes), then the result goes to the moderator by DM and the reply is not edited again", async () => {
    await mentorAndMentee("late-round");
    const dmsBefore = h.server.find("POST", "/channels/:id/messages").length;
    // The first progress edit arrives; the clock then jumps past the editable window.
    h.server.on(
      "PATCH",
      "/webhooks/:app/:token/messages/@original",
      (req) => {
        clock.advance(15 * 60_000);
        const body = (req.body ?? {}) as { content?: string };
        return {
          status: 200,
          body: { id: "1", type: 0, channel_id: "1", author: { id: h.server.applicationId, username: "mentor-bot", discriminator: "0", avatar: null, bot: true }, content: body.content ?? "", timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], components: [], pinned: false, flags: 64 },
        };
      },
      { times: 1 },
    );

    const out = await h.command({ name: "mod", subcommand: "round", as: mod });

    expect(out.callbacks.map((c) => c.type)).toEqual([5]);
    expect(out.webhooks).toHaveLength(1);
    expect(String((out.webhooks[0]?.body as { content?: string }).content)).toMatch(/^⏳ Matching/);
    const opened = h.server.find("POST", "/users/@me/channels").map((r) => (r.body as { recipient_id?: string }).recipient_id);
    expect(opened).toContain(mod.user.id);
    const dms = h.server.find("POST", "/channels/:id/messages").slice(dmsBefore);
    expect(dms.map((r) => String((r.body as { content?: string }).content))).toEqual([expect.stringMatching(/^✅ Round done: [1-9]\d* proposal\(s\)/)]);
    expect(unexpectedErrors()).toEqual([]);
  });
});
