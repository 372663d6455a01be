// The product's real commands end to end: real discord.js Client, real router, real services and a
// migrated SQLite file; only Discord's servers are replaced by the loopback fake. The tests in the
// "journey" block build on each other in order (profiles → request → accept → review), as members
// would; each asserts both on what Discord received and on what the database holds.
import type { APIMessage } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.js";
import { silentLogger } from "../../src/logger.js";
import { ManualClock } from "../../src/services/clock.js";
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

const maya = testMember({ username: "maya", globalName: "Maya" }); // mentor
const ned = testMember({ username: "ned", globalName: "Ned" }); // mentee
const ola = testMember({ username: "ola", globalName: "Ola" }); // mentee whose request lands in a channel
const mod = testModerator({ username: "mo", globalName: "Mo" });

beforeAll(async () => {
  database = await openTempDatabase();
  h = await createDiscordHarness({ commands, deps: { db: database.db, logger: silentLogger, clock } });
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

function profileOptions(role: "mentor" | "mentee", topics: string) {
  return [
    option.string("industry", "software"),
    option.string("stage", role === "mentor" ? "senior" : "student"),
    option.string("topics", topics),
    option.string("about", role === "mentor" ? "I have hired many engineers and can help with interviews." : "Preparing for my first software interviews."),
    ...(role === "mentor" ? [option.integer("capacity", 2)] : []),
  ];
}

/** The bot message a DM or channel post created, so its buttons can be pressed. */
function postedMessage(request: RecordedRequest | undefined, guildId: string | null): APIMessage {
  if (request === undefined) throw new Error("no recorded message to press buttons on");
  const body = (request.body ?? {}) as { content?: string; components?: APIMessage["components"]; embeds?: APIMessage["embeds"] };
  const channelId = /\/channels\/(\d+)\/messages$/.exec(request.path)?.[1] ?? nextSnowflake();
  return botMessage({
    applicationId: h.applicationId,
    channelId,
    guildId,
    ...(body.content === undefined ? {} : { content: body.content }),
    ...(body.components === undefined ? {} : { components: body.components }),
    ...(body.embeds === undefined ? {} : { embeds: body.embeds }),
  });
}

describe("profile autocomplete", () => {
  it("given a partial industry then offers matching industries (type 8)", async () => {
    const out = await h.autocomplete({ name: "mentor", subcommand: "profile", as: maya, focused: { name: "industry", value: "soft" } });
    expect(out.callback?.type).toBe(8);
    const choices = (data(out)["choices"] ?? []) as { name: string; value: string }[];
    expect(choices.map((c) => c.value)).toContain("software-development");
    expect(choices.length).toBeLessThanOrEqual(25);
  });

  it("given a comma-separated topic list then completes only the last tag, keeping the ones before", async () => {
    const out = await h.autocomplete({ name: "mentee", subcommand: "profile", as: ned, focused: { name: "topics", value: "cv, inter" } });
    expect(out.callback?.type).toBe(8);
    const choices = (data(out)["choices"] ?? []) as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.every((c) => c.value.startsWith("cv, "))).toBe(true);
    expect(choices.map((c) => c.value)).toContain("cv, interviewing");
  });
});

describe("journey: profiles, a request by button and modal, acceptance, moderator review", () => {
  let firstMatchId = 0;
  let secondMatchId = 0;
  /** The request DM to the mentor. */
  let requestDm: RecordedRequest | undefined;

  it("given /mentor profile with every required option then replies privately and stores the mentor", async () => {
    const out = await h.command({ name: "mentor", subcommand: "profile", as: maya, options: profileOptions("mentor", "interviews, cv review") });
    expect(out.callback?.type).toBe(4);
    expect(data(out)).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
    expect(String(data(out)["content"])).toContain("mentor profile is ready");

    const profile = await database.db.profile.findUnique({
      where: { guildId_userId: { guildId: h.guildId, userId: maya.user.id } },
      include: { topics: { include: { topic: true } } },
    });
    expect(profile).toMatchObject({ isMentor: true, industry: "software-development", stage: "senior", mentorCapacity: 2, displayName: "Maya" });
    expect(profile?.topics.map((t) => t.topic.key).length).toBeGreaterThan(0);
  });

  it("given /mentor profile missing required options then explains which, ephemerally, and stores nothing", async () => {
    const newcomer = testMember({ username: "newbie" });
    const out = await h.command({ name: "mentor", subcommand: "profile", as: newcomer, options: [option.string("industry", "software")] });
    expect(data(out)).toMatchObject({ flags: 64 });
    expect(String(data(out)["content"])).toMatch(/stage.*topics.*about/s);
    expect(await database.db.profile.count({ where: { userId: newcomer.user.id } })).toBe(0);
  });

  it("given two mentee profiles then both are stored as waiting mentees", async () => {
    for (const who of [ned, ola]) {
      const out = await h.command({ name: "mentee", subcommand: "profile", as: who, options: profileOptions("mentee", "interviews") });
      expect(out.callback?.type).toBe(4);
    }
    const mentees = await database.db.profile.findMany({ where: { guildId: h.guildId, isMentee: true } });
    expect(mentees.map((m) => m.userId).sort()).toEqual([ned.user.id, ola.user.id].sort());
    expect(mentees.every((m) => m.menteeWaitingSince !== null)).toBe(true);
  });

  it("given /match find then suggests the mentor with a match:request button; pressing it opens the request modal", async () => {
    const find = await h.command({ name: "match", subcommand: "find", as: ned });
    expect(find.callback?.type).toBe(4);
    expect(data(find)).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
    expect(customIds(data(find))).toContain(`match:request:${maya.user.id}`);

    const press = await h.button({ customId: `match:request:${maya.user.id}`, as: ned, message: h.messageFrom(find) });
    expect(press.callback?.type).toBe(9);
    expect(data(press)).toMatchObject({ custom_id: `match:request-form:${maya.user.id}` });
  });

  it("given the request modal is submitted then the match is stored and the mentor gets a DM with Accept/Decline", async () => {
    h.server.reset();
    const out = await h.modal({ customId: `match:request-form:${maya.user.id}`, as: ned, fields: { message: "Help with interviews please @everyone" } });
    expect(out.callback?.type).toBe(4);
    expect(data(out)).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
    expect(String(data(out)["content"])).toMatch(/Request #\d+ sent to Maya/);
    expect(out.webhooks).toHaveLength(0); // delivered by DM: no follow-up

    const match = await database.db.match.findFirst({ where: { guildId: h.guildId, mentee: { userId: ned.user.id } } });
    expect(match).toMatchObject({ status: "requested", source: "request", requestMessage: "Help with interviews please @everyone" });
    firstMatchId = match?.id ?? 0;

    expect(h.server.find("POST", "/users/@me/channels").map((r) => r.body)).toEqual([{ recipient_id: maya.user.id }]);
    const [dm] = h.server.find("POST", "/channels/:id/messages");
    requestDm = dm;
    expect((dm?.body as Record<string, unknown>)["allowed_mentions"]).toEqual({ parse: [] });
    expect(customIds(dm?.body)).toEqual([`match:accept:${firstMatchId}`, `match:decline:${firstMatchId}`]);
  });

  it("given the mentor's DMs are closed then /match request posts a notice without personal text in the channel, pinging only the mentor", async () => {
    h.server.reset();
    h.server.fail("POST", /^\/channels\/\d+\/messages$/, { status: 403, code: 50007, message: "Cannot send messages to this user" }, { times: 1 });
    const out = await h.command({ name: "match", subcommand: "request", as: ola, options: [option.user("mentor", maya), option.string("message", "Hi!")] });
    expect(out.callback?.type).toBe(4);
    expect(String(data(out)["content"])).toMatch(/Request #\d+ sent to Maya/);
    const followUp = out.webhooks.map((r) => String((r.body as Record<string, unknown>)["content"]));
    expect(followUp).toEqual([expect.stringContaining("DMs are closed, so I asked them in this channel")]);

    const posts = h.server.find("POST", `/channels/${h.channelId}/messages`);
    expect(posts).toHaveLength(1);
    const body = posts[0]?.body as Record<string, unknown>;
    expect(String(body["content"]).startsWith(`<@${maya.user.id}> `)).toBe(true);
    expect(String(body["content"])).toContain("/match list");
    expect(body["allowed_mentions"]).toEqual({ users: [maya.user.id] });
    expect(body).toMatchObject({ embeds: [], components: [] });
    expect(JSON.stringify(body)).not.toMatch(/Hi!|Ola|ola/);
    const match = await database.db.match.findFirst({ where: { guildId: h.guildId, mentee: { userId: ola.user.id } } });
    expect(match?.status).toBe("requested");
    secondMatchId = match?.id ?? 0;
  });

  it("given the mentor presses Accept on the DM then the DM is updated and the match waits for review", async () => {
    const dmMessage = postedMessage(requestDm, null);
    const out = await h.button({ customId: `match:accept:${firstMatchId}`, as: maya, guildId: null, channelId: dmMessage.channel_id, message: dmMessage });
    expect(out.callback?.type).toBe(7);
    expect(data(out)).toMatchObject({ components: [], allowed_mentions: { parse: [] } });
    expect(String(data(out)["content"])).toContain("A moderator will review it");
    const match = await database.db.match.findUnique({ where: { id: firstMatchId } });
    expect(match?.status).toBe("pending_review");
  });

  it("given someone else presses Accept then it is refused and nothing changes", async () => {
    const out = await h.button({ customId: `match:accept:${secondMatchId}`, as: ned, guildId: null });
    expect(out.callback?.type).toBe(4);
    expect(data(out)).toMatchObject({ flags: 64 });
    expect((await database.db.match.findUnique({ where: { id: secondMatchId } }))?.status).toBe("requested");
  });

  it("given a member without Manage Server then /mod queue is refused server-side", async () => {
    const out = await h.command({ name: "mod", subcommand: "queue", as: ned });
    expect(data(out)).toMatchObject({ flags: 64 });
    expect(String(data(out)["content"])).toContain("Only moderators");
  });

  it("given a moderator rejects from /mod queue through the reason modal then the match is rejected with that reason", async () => {
    const queue = await h.command({ name: "mod", subcommand: "queue", as: mod });
    expect(customIds(data(queue))).toEqual([`mod:approve:${firstMatchId}`, `mod:reject:${firstMatchId}`]);

    const press = await h.button({ customId: `mod:reject:${firstMatchId}`, as: mod, message: h.messageFrom(queue) });
    expect(press.callback?.type).toBe(9);
    expect(data(press)).toMatchObject({ custom_id: `mod:reject-form:${firstMatchId}` });

    h.server.reset();
    const reason = "Maya's focus is hiring; a peer mentor fits better <@&1> @everyone";
    const submit = await h.modal({ customId: `mod:reject-form:${firstMatchId}`, as: mod, fields: { reason } });
    expect(submit.callback?.type).toBe(4);
    expect(data(submit)).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });

    const match = await database.db.match.findUnique({ where: { id: firstMatchId } });
    expect(match).toMatchObject({ status: "rejected", decisionReason: reason, reviewedById: mod.user.id });
    const audit = await database.db.auditLog.findFirst({ where: { guildId: h.guildId, action: "reject", matchId: firstMatchId } });
    expect(audit?.actorUserId).toBe(mod.user.id);
    // Both people are told, by DM, with no mentions parsed from the moderator's text.
    const dms = h.server.find("POST", "/channels/:id/messages");
    expect(dms).toHaveLength(2);
    expect(dms.every((r) => JSON.stringify((r.body as Record<string, unknown>)["allowed_mentions"]) === '{"parse":[]}')).toBe(true);
  });

  it("given a match channel and an approved match then a private thread is opened for the pair", async () => {
    const channel = await h.command({ name: "mod", subcommand: "config", as: mod, options: [option.channel("match-channel", h.channelId)] });
    expect(String(data(channel)["content"])).toContain("Settings saved");

    // This request reached Maya only as a notice in the channel (closed DMs): she answers it from /match list.
    const list = await h.command({ name: "match", subcommand: "list", as: maya });
    expect(customIds(list.callback?.data)).toContain(`match:accept:${secondMatchId}`);
    const accept = await h.button({ customId: `match:accept:${secondMatchId}`, as: maya, message: h.messageFrom(list) });
    expect(accept.callback?.type).toBe(7);

    h.server.reset();
    const approve = await h.button({ customId: `mod:approve:${secondMatchId}`, as: mod });
    expect(approve.callback?.type).toBe(4);
    expect(String(data(approve)["content"])).toContain("approved and active");

    const [thread] = h.server.find("POST", `/channels/${h.channelId}/threads`);
    expect(thread?.body).toMatchObject({ type: 12, invitable: false, auto_archive_duration: 10080 });
    const match = await database.db.match.findUnique({ where: { id: secondMatchId } });
    expect(match?.status).toBe("active");
    expect(match?.threadId).toMatch(/^\d+$/);
    const members = h.server.find("PUT", `/channels/${match?.threadId ?? ""}/thread-members/:user`).map((r) => r.path.split("/").pop());
    expect(members.sort()).toEqual([maya.user.id, ola.user.id].sort());
  });
});
