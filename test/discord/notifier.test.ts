// The Discord Notifier against the loopback fake: DMs, the DM-closed channel fallback, private pair
// threads with their DM fallback, and role grants. It must never throw.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Notifier } from "../../src/interaction/types.js";
import { createLogger, silentLogger } from "../../src/logger.js";
import { systemClock } from "../../src/services/clock.js";
import { openTempDatabase, type TempDatabase } from "../support/discord-db.js";
import { createDiscordHarness, nextSnowflake, type DiscordHarness, type RecordedRequest } from "../support/discord-harness.js";

let database: TempDatabase;
let h: DiscordHarness;
let notifier: Notifier;

beforeAll(async () => {
  database = await openTempDatabase();
  h = await createDiscordHarness({ commands: [], deps: { db: database.db, logger: process.env["DEBUG_LOG"] ? createLogger("debug") : silentLogger, clock: systemClock } });
  notifier = h.notifier;
});

afterAll(async () => {
  await h?.close();
  await database?.close();
});

beforeEach(() => {
  h.server.reset();
});

function bodyOf(request: RecordedRequest | undefined): Record<string, unknown> {
  return (request?.body ?? {}) as Record<string, unknown>;
}

describe("notifyUser", () => {
  it("given open DMs then opens a DM channel and sends there without mentions", async () => {
    const userId = nextSnowflake();
    const where = await notifier.notifyUser(h.guildId, userId, { content: "A mentor accepted @everyone", ephemeral: true });
    expect(where).toBe("dm");
    expect(h.server.find("POST", "/users/@me/channels").map((r) => r.body)).toEqual([{ recipient_id: userId }]);
    const [sent] = h.server.find("POST", "/channels/:id/messages");
    expect(bodyOf(sent)).toMatchObject({ content: "A mentor accepted @everyone", allowed_mentions: { parse: [] } });
    expect(bodyOf(sent)["flags"]).toBeUndefined();
  });

  it("given DMs closed (50007) and a fallback channel then posts a notice with no personal text there, pinging only that member", async () => {
    const userId = nextSnowflake();
    const fallbackChannelId = nextSnowflake();
    h.server.fail("POST", /^\/channels\/\d+\/messages$/, { status: 403, code: 50007, message: "Cannot send messages to this user" }, { times: 1 });
    const where = await notifier.notifyUser(
      h.guildId,
      userId,
      {
        content: "You have a new request from <@999999999999999999> @here",
        embeds: [{ title: "Mentoring request #1 from Ben", description: "Retail manager moving into data", fields: [{ name: "Their message", value: "Please help with my CV" }] }],
        buttons: [[{ customId: "match:accept:1", label: "Accept", style: "success" }]],
      },
      { fallbackChannelId },
    );
    expect(where).toBe("channel");
    const posts = h.server.find("POST", `/channels/${fallbackChannelId}/messages`);
    expect(posts).toHaveLength(1);
    const body = bodyOf(posts[0]);
    expect(body).toMatchObject({ allowed_mentions: { users: [userId] }, embeds: [], components: [] });
    expect(String(body["content"])).toMatch(new RegExp(`^<@${userId}> I have a mentoring message for you, but your direct messages are closed.*\\/match list`));
    expect(JSON.stringify(body)).not.toMatch(/Ben|Retail|CV|999999999999999999|@here/);
  });

  it("given DMs closed and no fallback channel then reports failed without throwing", async () => {
    h.server.fail("POST", /^\/channels\/\d+\/messages$/, { status: 403, code: 50007 }, { times: 1 });
    await expect(notifier.notifyUser(h.guildId, nextSnowflake(), { content: "x" }, { fallbackChannelId: null })).resolves.toBe("failed");
  });

  it("given DMs closed and a fallback channel the bot cannot post in then reports failed", async () => {
    const fallbackChannelId = nextSnowflake();
    h.server.fail("POST", /^\/channels\/\d+\/messages$/, { status: 403, code: 50007 }, { times: 1 });
    h.server.fail("POST", `/channels/${fallbackChannelId}/messages`, { status: 403, code: 50013, message: "Missing Permissions" });
    await expect(notifier.notifyUser(h.guildId, nextSnowflake(), { content: "x" }, { fallbackChannelId })).resolves.toBe("failed");
  });

  it("given a DM failure that is not about closed DMs then does not post in the channel", async () => {
    const fallbackChannelId = nextSnowflake();
    h.server.fail("POST", "/users/@me/channels", { status: 400, code: 50033, message: "Invalid Recipient(s)" });
    await expect(notifier.notifyUser(h.guildId, nextSnowflake(), { content: "x" }, { fallbackChannelId })).resolves.toBe("failed");
    expect(h.server.find("POST", `/channels/${fallbackChannelId}/messages`)).toHaveLength(0);
  });
});

describe("openPairSpace", () => {
  // Fresh members per test: discord.js caches DM channels, so a second DM to the same user skips
  // POST /users/@me/channels.
  let mentor = "";
  let mentee = "";
  beforeEach(() => {
    mentor = nextSnowflake();
    mentee = nextSnowflake();
  });

  it("given a match channel then opens a private, non-invitable week-long thread with both members", async () => {
    const channelId = nextSnowflake();
    const result = await notifier.openPairSpace({
      guildId: h.guildId,
      channelId,
      name: "Mentoring: Ana & Bo",
      userIds: [mentor, mentee],
      starter: { content: `Welcome <@${mentor}> and <@${mentee}>! @everyone`, ephemeral: true },
    });
    const [create] = h.server.find("POST", `/channels/${channelId}/threads`);
    expect(bodyOf(create)).toMatchObject({ name: "Mentoring: Ana & Bo", type: 12, invitable: false, auto_archive_duration: 10080 });
    expect(result.threadId).toMatch(/^\d+$/);
    const threadId = result.threadId ?? "";
    expect(h.server.find("PUT", `/channels/${threadId}/thread-members/:user`).map((r) => r.path.split("/").pop())).toEqual([mentor, mentee]);
    const [starter] = h.server.find("POST", `/channels/${threadId}/messages`);
    expect(bodyOf(starter)).toMatchObject({ content: `Welcome <@${mentor}> and <@${mentee}>! @everyone`, allowed_mentions: { users: [mentor, mentee] } });
    expect(bodyOf(starter)["flags"]).toBeUndefined();
    expect(h.server.find("POST", "/users/@me/channels")).toHaveLength(0);
  });

  it.each([
    ["missing permissions (50013)", 403, 50013],
    ["missing access (50001)", 403, 50001],
  ])("given %s on thread creation then sends the starter to both by DM", async (_label, status, code) => {
    const channelId = nextSnowflake();
    h.server.fail("POST", `/channels/${channelId}/threads`, { status, code });
    const result = await notifier.openPairSpace({ guildId: h.guildId, channelId, name: "pair", userIds: [mentor, mentee], starter: { content: "Hello both" } });
    expect(result).toEqual({ threadId: null });
    expect(h.server.find("POST", "/users/@me/channels").map((r) => r.body)).toEqual([{ recipient_id: mentor }, { recipient_id: mentee }]);
    expect(h.server.find("POST", "/channels/:id/messages").map((r) => bodyOf(r)["content"])).toEqual(["Hello both", "Hello both"]);
  });

  it("given an unknown channel (10003) then falls back to DMs", async () => {
    const channelId = nextSnowflake();
    h.server.fail("GET", `/channels/${channelId}`, { status: 404, code: 10003, message: "Unknown Channel" });
    const result = await notifier.openPairSpace({ guildId: h.guildId, channelId, name: "pair", userIds: [mentor, mentee], starter: { content: "Hi" } });
    expect(result).toEqual({ threadId: null });
    expect(h.server.find("POST", "/channels/:id/threads")).toHaveLength(0);
    expect(h.server.find("POST", "/channels/:id/messages")).toHaveLength(2);
  });

  it("given a channel that is not a text channel then falls back to DMs", async () => {
    const channelId = nextSnowflake();
    h.server.on("GET", `/channels/${channelId}`, {
      status: 200,
      body: { id: channelId, type: 2, guild_id: h.guildId, name: "voice", position: 0, permission_overwrites: [], nsfw: false, parent_id: null, bitrate: 64000, user_limit: 0, rtc_region: null },
    });
    const result = await notifier.openPairSpace({ guildId: h.guildId, channelId, name: "pair", userIds: [mentor, mentee], starter: { content: "Hi" } });
    expect(result).toEqual({ threadId: null });
    expect(h.server.find("POST", "/channels/:id/threads")).toHaveLength(0);
  });

  it("given no channel then sends the starter by DM, and a closed DM does not stop the other", async () => {
    h.server.fail("POST", /^\/channels\/\d+\/messages$/, { status: 403, code: 50007 }, { times: 1 });
    const result = await notifier.openPairSpace({ guildId: h.guildId, channelId: null, name: "pair", userIds: [mentor, mentee], starter: { content: "Hi" } });
    expect(result).toEqual({ threadId: null });
    expect(h.server.find("POST", "/channels/:id/messages")).toHaveLength(2);
  });
});

describe("postToPair", () => {
  const mentor = nextSnowflake();
  const mentee = nextSnowflake();

  it("given the pair's thread then posts there once, with no mentions", async () => {
    const opened = await notifier.openPairSpace({ guildId: h.guildId, channelId: h.channelId, name: "pair", userIds: [mentor, mentee], starter: { content: "Hi" } });
    h.server.reset();
    const via = await notifier.postToPair({ guildId: h.guildId, threadId: opened.threadId, userIds: [mentor, mentee], message: { content: "Session at 6 @everyone" } });
    expect(via).toBe("thread");
    const posts = h.server.find("POST", "/channels/:id/messages");
    expect(posts.map((r) => r.path)).toEqual([`/api/v10/channels/${opened.threadId}/messages`]);
    expect(bodyOf(posts[0])).toMatchObject({ content: "Session at 6 @everyone", allowed_mentions: { parse: [] } });
  });

  it("given a thread that is gone (10003) then sends to both by DM; with both DMs closed it reports failed without throwing", async () => {
    const threadId = nextSnowflake();
    h.server.fail("GET", `/channels/${threadId}`, { status: 404, code: 10003, message: "Unknown Channel" });
    expect(await notifier.postToPair({ guildId: h.guildId, threadId, userIds: [mentor, mentee], message: { content: "x" } })).toBe("dm");
    expect(h.server.find("POST", "/users/@me/channels")).toHaveLength(2);
    h.server.reset();
    h.server.fail("POST", /^\/channels\/\d+\/messages$/, { status: 403, code: 50007 });
    expect(await notifier.postToPair({ guildId: h.guildId, threadId: null, userIds: [mentor, mentee], message: { content: "x" } })).toBe("failed");
  });
});

describe("addRole", () => {
  it("given the bot may manage roles then adds the role and returns true", async () => {
    const userId = nextSnowflake();
    const roleId = nextSnowflake();
    await expect(notifier.addRole(h.guildId, userId, roleId)).resolves.toBe(true);
    expect(h.server.find("PUT", `/guilds/${h.guildId}/members/${userId}/roles/${roleId}`)).toHaveLength(1);
  });

  it("given missing permissions then returns false without throwing", async () => {
    h.server.fail("PUT", "/guilds/:g/members/:u/roles/:r", { status: 403, code: 50013, message: "Missing Permissions" });
    await expect(notifier.addRole(h.guildId, nextSnowflake(), nextSnowflake())).resolves.toBe(false);
  });

  it("given a member who left the server then returns false", async () => {
    h.server.fail("GET", "/guilds/:g/members/:u", { status: 404, code: 10007, message: "Unknown Member" });
    await expect(notifier.addRole(h.guildId, nextSnowflake(), nextSnowflake())).resolves.toBe(false);
  });
});
