// Office hours, resources and /mod stats through the real discord.js client (src/bot.ts) against the
// loopback fake of Discord's API. The Guild Scheduled Event requests are checked against Discord's
// documented shapes (discord-api-types' RESTPostAPIGuildScheduledEventJSONBody for the type, and
// assertions on the recorded JSON), then buttons are pressed as Discord sends them.
import {
  ChannelType,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  type APIMessage,
  type RESTPatchAPIGuildScheduledEventJSONBody,
  type RESTPostAPIGuildScheduledEventJSONBody,
} from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.js";
import { silentLogger } from "../../src/logger.js";
import { ManualClock } from "../../src/services/clock.js";
import { openTempDatabase, type TempDatabase } from "../support/discord-db.js";
import { botMessage, createDiscordHarness, nextSnowflake, option, testMember, testModerator, type DiscordHarness, type InteractionOutcome, type RecordedRequest } from "../support/discord-harness.js";

let database: TempDatabase;
let h: DiscordHarness;
const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
const kim = testMember({ username: "kim", globalName: "Kim" });
const lou = testMember({ username: "lou", globalName: "Lou" });
const mod = testModerator({ username: "mo", globalName: "Mo" });
const voiceId = nextSnowflake();
const stageId = nextSnowflake();

beforeAll(async () => {
  database = await openTempDatabase();
  h = await createDiscordHarness({ commands, deps: { db: database.db, logger: silentLogger, clock } });
  for (const [id, type, name] of [[voiceId, ChannelType.GuildVoice, "Office"], [stageId, ChannelType.GuildStageVoice, "Stage"]] as const) {
    h.server.on("GET", `/channels/${id}`, { status: 200, body: { id, type, guild_id: h.guildId, name, position: 1, permission_overwrites: [], nsfw: false, parent_id: null, bitrate: 64000, user_limit: 0, rtc_region: null } });
  }
});
afterAll(async () => {
  await h?.close();
  await database?.close();
});

function data(outcome: InteractionOutcome): Record<string, unknown> {
  return outcome.callback?.data ?? {};
}

function customIds(body: unknown): string[] {
  const rows = ((body ?? {}) as { components?: { components?: { custom_id?: string }[] }[] }).components ?? [];
  return rows.flatMap((r) => (r.components ?? []).map((c) => c.custom_id ?? ""));
}

/** The last edit of the deferred reply (PATCH .../messages/@original). */
function edited(outcome: InteractionOutcome): RecordedRequest | undefined {
  return outcome.webhooks.filter((r) => r.method === "PATCH" && r.path.endsWith("/messages/@original")).at(-1);
}

const eventRequests = (method: "POST" | "PATCH") => h.server.find(method, method === "POST" ? `/guilds/${h.guildId}/scheduled-events` : new RegExp(`^/guilds/${h.guildId}/scheduled-events/\\d+$`));

async function create(extra: ReturnType<typeof option.string>[] = []): Promise<InteractionOutcome> {
  return h.command({
    name: "office-hours",
    subcommand: "create",
    as: kim,
    options: [option.string("topic", "interviewing"), option.string("when", "2026-03-03 18:00"), option.integer("duration", 90), option.integer("seats", 2), ...extra],
  });
}

describe("office hours through discord.js", () => {
  let officeHourId = 0;
  let signup: APIMessage;

  it("given a mentor, when they create office hours without a channel, then the bot defers (5, ephemeral), creates an EXTERNAL guild-only event whose body matches Discord's documented shape, opens a public thread with Join / Leave and points the event's location at it", async () => {
    const profile = await h.command({
      name: "mentor",
      subcommand: "profile",
      as: kim,
      options: [option.string("industry", "software"), option.string("stage", "senior"), option.string("topics", "interviewing, cv"), option.string("about", "I have hired many engineers and run mock interviews.")],
    });
    expect(String(data(profile)["content"])).toContain("profile is ready");
    const before = h.server.requests.length;
    const out = await create([option.string("description", "Bring **one** question")]);
    expect(out.callback).toEqual({ type: 5, data: { flags: 64 } });
    const [post] = eventRequests("POST");
    expect(post).toBeDefined();
    const body = post?.body as RESTPostAPIGuildScheduledEventJSONBody;
    const expected: RESTPostAPIGuildScheduledEventJSONBody = {
      name: "Office hours: interviewing with Kim",
      privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
      scheduled_start_time: "2026-03-03T18:00:00.000Z",
      scheduled_end_time: "2026-03-03T19:30:00.000Z",
      entity_type: GuildScheduledEventEntityType.External,
      entity_metadata: { location: `https://discord.com/channels/${h.guildId}/${h.channelId}` },
      description: "Bring **one** question\n\n2 seat(s). Sign up with the Join button in the server (/office-hours list).",
    };
    expect(body).toEqual(expected);
    // Documented limits: name 1–100, description ≤ 1000, location 1–100; external needs the end time.
    expect(body.name.length).toBeLessThanOrEqual(100);
    expect(body.entity_metadata?.location?.length ?? 0).toBeLessThanOrEqual(100);
    expect("channel_id" in body).toBe(false);
    expect(post?.headers["x-audit-log-reason"]).toBe("Office%20hours");

    const thread = h.server.find("POST", `/channels/${h.channelId}/threads`).at(-1);
    expect(thread?.body).toMatchObject({ name: expect.stringMatching(/^Office hours #\d+: interviewing$/) as unknown, type: 11, auto_archive_duration: 10080 });
    const message = h.server.requests.slice(before).filter((r) => r.method === "POST" && /\/channels\/\d+\/messages$/.test(r.path)).at(-1);
    expect(message?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    const ids = customIds(message?.body);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^office-hours:join:\d+-0$/);
    expect(ids[1]).toMatch(/^office-hours:leave:\d+-0$/);
    officeHourId = Number(/join:(\d+)-/.exec(ids[0] ?? "")?.[1]);
    const messageChannel = /\/channels\/(\d+)\/messages$/.exec(message?.path ?? "")?.[1] ?? "";
    const [patch] = eventRequests("PATCH");
    const change = patch?.body as RESTPatchAPIGuildScheduledEventJSONBody;
    expect(change).toEqual({ entity_metadata: { location: `https://discord.com/channels/${h.guildId}/${messageChannel}` } } satisfies RESTPatchAPIGuildScheduledEventJSONBody);
    expect(String((edited(out)?.body as { content?: string }).content)).toContain(`✅ Office hours #${officeHourId}`);
    const stored = await database.db.officeHour.findUniqueOrThrow({ where: { id: officeHourId } });
    expect(stored.eventId).toMatch(/^\d+$/);
    expect(stored.threadId).toBe(messageChannel);
    const b = (message?.body ?? {}) as { components?: APIMessage["components"]; embeds?: APIMessage["embeds"] };
    signup = botMessage({ applicationId: h.applicationId, channelId: messageChannel, guildId: h.guildId, ...(b.components === undefined ? {} : { components: b.components }), ...(b.embeds === undefined ? {} : { embeds: b.embeds }) });
  });

  it("given a voice channel or a stage channel, then the event is of type VOICE (2) or STAGE_INSTANCE (1) in that channel, without entity_metadata", async () => {
    await create([option.channel("channel", voiceId)]);
    await create([option.channel("channel", stageId)]);
    const [, voice, stage] = eventRequests("POST").map((r) => r.body as RESTPostAPIGuildScheduledEventJSONBody);
    expect(voice).toMatchObject({ entity_type: GuildScheduledEventEntityType.Voice, channel_id: voiceId, privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly, scheduled_end_time: "2026-03-03T19:30:00.000Z" });
    expect(stage).toMatchObject({ entity_type: GuildScheduledEventEntityType.StageInstance, channel_id: stageId });
    expect(voice?.entity_metadata).toBeUndefined();
    // A voice event's location is never patched to the thread.
    expect(eventRequests("PATCH")).toHaveLength(1);
  });

  it("given a text channel as the channel option, then no event is requested and the host is told the channel cannot hold one", async () => {
    const before = eventRequests("POST").length;
    const out = await create([option.channel("channel", h.channelId)]);
    expect(String((edited(out)?.body as { content?: string }).content)).toContain("Option `channel`: the bot cannot use that channel for an event");
    expect(eventRequests("POST")).toHaveLength(before);
  });

  it("given Discord answering 403 / 50013 (no Create Events permission), then the host is told so in the deferred reply and nothing is stored, posted or left behind", async () => {
    const count = await database.db.officeHour.count();
    h.server.fail("POST", `/guilds/${h.guildId}/scheduled-events`, { status: 403, code: 50013, message: "Missing Permissions" }, { times: 1 });
    const threadsBefore = h.server.find("POST", `/channels/${h.channelId}/threads`).length;
    const out = await create();
    expect(out.callback?.type).toBe(5);
    expect(String((edited(out)?.body as { content?: string }).content)).toContain("the bot needs the **Create Events** (Manage Events) permission");
    expect(await database.db.officeHour.count()).toBe(count);
    expect(h.server.find("POST", `/channels/${h.channelId}/threads`)).toHaveLength(threadsBefore);
  });

  it("given Join pressed on the sign-up message, then it is updated in place (7) with the seats and the member gets an ephemeral confirmation", async () => {
    const out = await h.button({ customId: `office-hours:join:${officeHourId}-0`, as: lou, channelId: signup.channel_id, message: signup });
    expect(out.callback?.type).toBe(7);
    expect(JSON.stringify(out.callback?.data)).toContain("1 of 2 taken");
    const follow = out.webhooks.find((r) => r.method === "POST");
    expect(follow?.body).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
    expect(JSON.stringify(follow?.body)).toContain("You have a seat");
    expect(await database.db.officeHourSignup.count({ where: { officeHourId, status: "seat" } })).toBe(1);
  });

  it("given the host cancels, then the event is PATCHed to status CANCELED (4) and the member signed up gets a DM", async () => {
    const dmsBefore = h.server.find("POST", "/users/@me/channels").length;
    const out = await h.command({ name: "office-hours", subcommand: "cancel", as: kim, options: [option.string("event", String(officeHourId))] });
    expect(out.callback?.type).toBe(4);
    const cancel = eventRequests("PATCH").at(-1)?.body as RESTPatchAPIGuildScheduledEventJSONBody;
    expect(cancel).toEqual({ status: GuildScheduledEventStatus.Canceled } satisfies RESTPatchAPIGuildScheduledEventJSONBody);
    expect(h.server.find("POST", "/users/@me/channels").length).toBeGreaterThan(dmsBefore);
    expect((await database.db.officeHour.findUniqueOrThrow({ where: { id: officeHourId } })).status).toBe("cancelled");
  });

  it("given the event option, then autocomplete (8) offers upcoming office hours with their number as the value", async () => {
    const out = await h.autocomplete({ name: "office-hours", subcommand: "attendance", as: kim, options: [option.string("event", "")], focused: { name: "event", value: "" } });
    expect(out.callback?.type).toBe(8);
    const choices = (out.callback?.data as { choices?: { name: string; value: string }[] }).choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.every((c) => /^\d+$/.test(c.value) && c.name.length <= 100)).toBe(true);
  });

  it("given /resources add and find, then the replies are ephemeral and the link is shown without an embed preview", async () => {
    const add = await h.command({ name: "resources", subcommand: "add", as: kim, options: [option.string("url", "https://example.org/guide"), option.string("title", "Guide"), option.string("topics", "cv")] });
    expect(add.callback?.type).toBe(4);
    expect(data(add)["flags"]).toBe(64);
    const find = await h.command({ name: "resources", subcommand: "find", as: lou, options: [option.string("topic", "cv")] });
    expect(JSON.stringify(data(find))).toContain("<https://example.org/guide>");
  });

  it("given /mod stats, then it defers (5, ephemeral) and the edit carries the embeds and two PNG attachments with their alt text as descriptions", async () => {
    const out = await h.command({ name: "mod", subcommand: "stats", as: mod, options: [option.integer("horizon", 4)] });
    expect(out.callback).toEqual({ type: 5, data: { flags: 64 } });
    const edit = edited(out);
    expect(edit?.files.map((f) => f.filename)).toEqual(["waiting-and-active.png", "topics.png"]);
    for (const f of edit?.files ?? []) expect(f.data.subarray(1, 4).toString()).toBe("PNG");
    const body = edit?.body as { embeds?: { title?: string }[]; attachments?: { id: number | string; description?: string; filename?: string }[] };
    expect(body.embeds?.map((e) => e.title)).toEqual(["Mentoring statistics", "Capacity, coverage and forecast"]);
    // discord.js lists each attachment by its index, with the alt text as Discord documents it.
    expect(body.attachments?.map((a) => String(a.id))).toEqual(["0", "1"]);
    expect(body.attachments?.every((a) => (a.description ?? "").length > 20 && (a.description ?? "").length <= 1024)).toBe(true);
  });
});
