// End to end through a real discord.js Client (built by src/bot.ts), the real router, a real
// migrated SQLite database, and a loopback fake of Discord's REST API. The command under test is
// defined here so these tests exercise the transport, not the product's commands.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defineCommand, sub, type CommandModule } from "../../src/interaction/command.js";
import { button, components, field, ids, modal } from "../../src/interaction/components.js";
import { opt } from "../../src/interaction/options.js";
import { silentLogger } from "../../src/logger.js";
import { ManualClock } from "../../src/services/clock.js";
import type { CommandInteractionContext, ComponentInteractionContext, ModalInteractionContext } from "../../src/interaction/types.js";
import { UserError } from "../../src/errors.js";
import { openTempDatabase, type TempDatabase } from "../support/discord-db.js";
import { createDiscordHarness, option, testMember, testModerator, type DiscordHarness } from "../support/discord-harness.js";

/** What the handlers saw, for assertions on the contexts. */
const seen: {
  command?: CommandInteractionContext;
  button?: ComponentInteractionContext;
  modal?: ModalInteractionContext;
} = {};

const echoUi = components("echo", {
  buttons: {
    again: button({
      id: ids.int(0, 1000),
      where: "anywhere",
      run: async ({ ctx, id, res }): Promise<void> => {
        seen.button = ctx;
        await res.update({ content: `again ${id}`, buttons: [[{ ...echoUi.buttons.again.spec(42, { label: "Again", style: "primary" }), disabled: true }]] });
      },
    }),
    stop: button({
      id: ids.int(0, 1000),
      run: async ({ ctx }) => {
        seen.button = ctx;
        throw new UserError("Stopped.");
      },
    }),
  },
  modals: {
    submit: modal({
      id: ids.int(0, 1000),
      title: "Tell us",
      fields: {
        headline: field.short("Headline", { max: 100 }).required(),
        story: field.paragraph("Story", { max: 1000, placeholder: "Once upon a time" }),
      },
      run: async ({ ctx, id, fields, guildId, res, deps }) => {
        seen.modal = ctx;
        await deps.db.auditLog.create({ data: { guildId, actorUserId: ctx.user.id, action: `modal-${id}`, detail: fields.headline } });
        await res.reply({ content: `Saved: ${fields.headline}`, ephemeral: true });
      },
    }),
  },
});

const echo: CommandModule = defineCommand({
  name: "echo",
  description: "Test-only command",
  ui: echoUi,
  subcommands: [
    sub(
      "say",
      "Say something back",
      {
        text: opt
          .text("What to say", { max: 500 })
          .required()
          .autocomplete(async ({ typed, deps }) => {
            const topics = await deps.db.topic.findMany({ where: { key: { startsWith: typed } }, orderBy: { key: "asc" } });
            return topics.map((t) => ({ name: t.label, value: t.key }));
          }),
        who: opt.user("Someone"),
        times: opt.integer("How often", { min: 0, max: 100 }),
      },
      async ({ ctx, args, guildId, res, deps }) => {
        seen.command = ctx;
        await deps.db.auditLog.create({ data: { guildId, actorUserId: ctx.user.id, action: "echo", detail: args.text } });
        await res.reply({
          content: `@everyone ${args.text}`,
          embeds: [{ title: "Echo", description: args.text, fields: [{ name: "By", value: ctx.user.displayName }], footer: "test", color: 0x5865f2 }],
          buttons: [[echoUi.buttons.again.spec(42, { label: "Again", style: "primary" }), echoUi.buttons.stop.spec(42, { label: "Stop", style: "danger" })]],
          ephemeral: true,
        });
      },
    ),
    sub("form", "Open a form", {}, async ({ ctx, res }) => {
      seen.command = ctx;
      await res.showModal(echoUi.modals.submit.open(7));
    }),
    sub("slow", "Defer then edit", {}, async ({ res }) => {
      await res.defer({ ephemeral: true });
      await res.editReply({ content: "done slowly" });
      await res.followUp({ content: "and one more thing", ephemeral: true });
    }),
    sub("file", "Reply with an attachment", {}, async ({ res }) => {
      await res.reply({ content: "Your invite", files: [{ name: "my session.ics", data: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", description: "Calendar invite" }], ephemeral: true });
    }),
    sub("oops", "Fail", {}, async () => {
      throw new Error("boom: secret database text");
    }),
  ],
});

let database: TempDatabase;
let h: DiscordHarness;

beforeAll(async () => {
  database = await openTempDatabase();
  await database.db.topic.createMany({
    data: [
      { key: "career-change", label: "Career change" },
      { key: "cv-review", label: "CV review" },
      { key: "interviewing", label: "Interviewing" },
    ],
  });
  h = await createDiscordHarness({ commands: [echo], deps: { db: database.db, logger: silentLogger, clock: new ManualClock(new Date("2025-03-01T12:00:00Z")) } });
});

afterAll(async () => {
  await h?.close();
  await database?.close();
});

beforeEach(() => {
  h.server.reset();
  delete seen.command;
  delete seen.button;
  delete seen.modal;
});

describe("slash command through the real client", () => {
  it("given /echo say then replies ephemerally with embeds, buttons and no mentions, and writes the database", async () => {
    const out = await h.command({ name: "echo", subcommand: "say", options: [option.string("text", "hello <@&123> @here")] });

    expect(out.requests).toHaveLength(1);
    const req = out.requests[0];
    expect(req?.method).toBe("POST");
    expect(req?.path).toBe(`/api/v10/interactions/${out.interactionId}/${out.token}/callback`);
    expect(out.callback?.type).toBe(4);
    const body = out.callback?.data as Record<string, unknown>;
    expect(body["flags"]).toBe(64);
    expect(body["allowed_mentions"]).toEqual({ parse: [] });
    expect(body["content"]).toBe("@everyone hello <@&123> @here");
    expect(body["embeds"]).toEqual([
      { title: "Echo", description: "hello <@&123> @here", color: 0x5865f2, footer: { text: "test" }, fields: [{ name: "By", value: "alex" }] },
    ]);
    expect(body["components"]).toEqual([
      {
        type: 1,
        components: [
          { type: 2, custom_id: "echo:again:42", label: "Again", style: 1 },
          { type: 2, custom_id: "echo:stop:42", label: "Stop", style: 4 },
        ],
      },
    ]);
    const rows = await database.db.auditLog.findMany({ where: { action: "echo" } });
    expect(rows.map((r) => r.detail)).toContain("hello <@&123> @here");
  });

  it("given options with a resolved user and an integer then the context has them flattened", async () => {
    const sam = testMember({ username: "sam", globalName: "Sam G", nick: "Sammy", roles: ["111111111111111111"] });
    const caller = testMember({ username: "kim", globalName: "Kim K", roles: ["222222222222222222", "333333333333333333"] });
    await h.command({
      name: "echo",
      subcommand: "say",
      as: caller,
      options: [option.string("text", "hi"), option.user("who", sam), option.integer("times", 3)],
    });
    expect(seen.command).toMatchObject({
      kind: "command",
      commandName: "echo",
      subcommand: "say",
      guildId: h.guildId,
      channelId: h.channelId,
      canManageGuild: false,
      memberRoleIds: ["222222222222222222", "333333333333333333"],
      user: { id: caller.user.id, displayName: "Kim K" },
      options: { text: "hi", who: { id: sam.user.id, displayName: "Sammy", bot: false }, times: 3 },
    });
  });

  it("given a member with Manage Server then canManageGuild is true; a command in a DM is refused before any handler runs", async () => {
    await h.command({ name: "echo", subcommand: "say", as: testModerator(), options: [option.string("text", "x")] });
    expect(seen.command?.canManageGuild).toBe(true);

    delete seen.command;
    const dm = await h.command({ name: "echo", subcommand: "say", guildId: null, as: testModerator(), options: [option.string("text", "x")] });
    expect(dm.callback?.data).toMatchObject({ content: "⚠️ This only works inside a server.", flags: 64 });
    expect(seen.command).toBeUndefined();
  });

  it("given a handler that defers then editReply goes to @original and followUp to the webhook", async () => {
    const out = await h.command({ name: "echo", subcommand: "slow" });
    expect(out.callback).toEqual({ type: 5, data: { flags: 64 } });
    expect(out.webhooks.map((r) => `${r.method} ${r.path.replace(out.token, "<token>")}`)).toEqual([
      `PATCH /api/v10/webhooks/${h.applicationId}/<token>/messages/@original`,
      `POST /api/v10/webhooks/${h.applicationId}/<token>`,
    ]);
    const edit = out.webhooks[0]?.body as Record<string, unknown>;
    expect(edit["content"]).toBe("done slowly");
    expect(edit["allowed_mentions"]).toEqual({ parse: [] });
    const follow = out.webhooks[1]?.body as Record<string, unknown>;
    expect(follow["flags"]).toBe(64);
    expect(follow["allowed_mentions"]).toEqual({ parse: [] });
  });

  it("given a handler that crashes then the member gets an ephemeral apology with a reference, not the error text", async () => {
    const out = await h.command({ name: "echo", subcommand: "oops" });
    expect(out.callback?.type).toBe(4);
    const body = out.callback?.data as Record<string, unknown>;
    expect(body["flags"]).toBe(64);
    expect(String(body["content"])).toMatch(/reference `[0-9a-f]{8}`/);
    expect(String(body["content"])).not.toContain("secret");
  });

  it("given an unknown command then answers with an ephemeral error", async () => {
    const out = await h.command({ name: "nope" });
    expect(out.callback?.type).toBe(4);
    expect((out.callback?.data as Record<string, unknown>)["flags"]).toBe(64);
  });
});

describe("attachments", () => {
  it("given a reply with a file then discord.js sends it as multipart: the payload lists it with its alt text, the part holds its bytes", async () => {
    const out = await h.command({ name: "echo", subcommand: "file" });
    const request = out.requests[0];
    expect(String(request?.headers["content-type"])).toMatch(/^multipart\/form-data/);
    const body = request?.body as { type: number; data: { content: string; attachments: { id: string; description?: string }[]; flags: number } };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    // The payload refers to the part by index; the part carries the (cleaned) file name and bytes.
    expect(body.data.attachments).toEqual([{ id: "0", description: "Calendar invite" }]);
    expect(request?.files.map((f) => [f.field, f.filename, f.data.toString("utf8")])).toEqual([["files[0]", "my_session.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"]]);
  });
});

describe("buttons", () => {
  it("given a press on a button from the reply then the message is updated (type 7) with the handler's buttons", async () => {
    const reply = await h.command({ name: "echo", subcommand: "say", options: [option.string("text", "hello")] });
    const message = h.messageFrom(reply);
    const out = await h.button({ customId: "echo:again:42", message });
    expect(out.callback?.type).toBe(7);
    const body = out.callback?.data as Record<string, unknown>;
    expect(body["content"]).toBe("again 42");
    expect(body["allowed_mentions"]).toEqual({ parse: [] });
    expect(body["embeds"]).toEqual([]);
    expect(body["components"]).toEqual([
      { type: 1, components: [{ type: 2, custom_id: "echo:again:42", label: "Again", style: 1, disabled: true }] },
    ]);
    expect(seen.button).toMatchObject({ kind: "button", customId: "echo:again:42", guildId: h.guildId });
  });

  it("given a button that raises a UserError then the member sees it ephemerally", async () => {
    const out = await h.button({ customId: "echo:stop:42" });
    expect(out.callback?.type).toBe(4);
    expect(out.callback?.data).toMatchObject({ content: "⚠️ Stopped.", flags: 64, allowed_mentions: { parse: [] } });
  });

  it("given a button pressed in a DM then it is routed with guildId null, no Manage Server and no roles", async () => {
    const out = await h.button({ customId: "echo:again:9", guildId: null, as: testModerator() });
    expect(out.callback?.type).toBe(7);
    expect(seen.button?.guildId).toBeNull();
    expect(seen.button?.canManageGuild).toBe(false);
    expect(seen.button?.memberRoleIds).toEqual([]);
  });

  it("given a guild-only button pressed in a DM then it is refused before its handler runs", async () => {
    const out = await h.button({ customId: "echo:stop:9", guildId: null });
    expect(out.callback?.data).toMatchObject({ content: "⚠️ This only works inside a server.", flags: 64 });
    expect(seen.button).toBeUndefined();
  });

  it("given a custom id no command owns then the member is told to run the command again", async () => {
    const out = await h.button({ customId: "gone:x:1" });
    expect(String((out.callback?.data as Record<string, unknown>)["content"])).toContain("no longer supported");
  });
});

describe("autocomplete", () => {
  it("given a partial value then answers type 8 with choices from the database", async () => {
    const out = await h.autocomplete({ name: "echo", subcommand: "say", focused: { name: "text", value: "c" } });
    expect(out.callback).toEqual({
      type: 8,
      data: { choices: [{ name: "Career change", value: "career-change" }, { name: "CV review", value: "cv-review" }] },
    });
  });

  it("given a command without autocomplete then answers an empty list", async () => {
    const out = await h.autocomplete({ name: "unknown", focused: { name: "x", value: "" } });
    expect(out.callback).toEqual({ type: 8, data: { choices: [] } });
  });
});

describe("modals", () => {
  it("given /echo form then shows the modal (type 9) with text inputs in action rows", async () => {
    const out = await h.command({ name: "echo", subcommand: "form" });
    expect(out.callback).toEqual({
      type: 9,
      data: {
        custom_id: "echo:submit:7",
        title: "Tell us",
        components: [
          { type: 1, components: [{ type: 4, custom_id: "headline", label: "Headline", style: 1, required: true, min_length: 1, max_length: 100 }] },
          { type: 1, components: [{ type: 4, custom_id: "story", label: "Story", style: 2, required: false, max_length: 1000, placeholder: "Once upon a time" }] },
        ],
      },
    });
  });

  it("given a modal submission then the fields reach the handler and the database", async () => {
    const out = await h.modal({ customId: "echo:submit:7", fields: { headline: "Data engineer @everyone", story: "" } });
    expect(out.callback?.type).toBe(4);
    expect(out.callback?.data).toMatchObject({ content: "Saved: Data engineer @everyone", flags: 64, allowed_mentions: { parse: [] } });
    expect(seen.modal?.fields).toEqual({ headline: "Data engineer @everyone", story: "" });
    const row = await database.db.auditLog.findFirst({ where: { action: "modal-7" } });
    expect(row?.detail).toBe("Data engineer @everyone");
  });
});

describe("expired interactions", () => {
  it("given Discord answers 10062 (unknown interaction) then the handler completes and nothing else is sent", async () => {
    h.server.fail("POST", "/interactions/:id/:token/callback", { status: 404, code: 10062, message: "Unknown interaction" });
    const out = await h.command({ name: "echo", subcommand: "say", options: [option.string("text", "late")] });
    // One attempt at the reply; the router's error path does not try to answer a dead interaction.
    expect(out.requests).toHaveLength(1);
    const rows = await database.db.auditLog.count({ where: { detail: "late" } });
    expect(rows).toBe(1);
  });
});

describe("with the guild cached (as the Guilds intent provides in production)", () => {
  let cached: DiscordHarness;
  const mentorRole = "444444444444444444";
  const menteeRole = "555555555555555555";

  beforeAll(async () => {
    cached = await createDiscordHarness({ commands: [echo], deps: { db: database.db, logger: silentLogger, clock: new ManualClock() } });
    cached.cacheGuild({ roles: [{ id: mentorRole, name: "Mentor" }, { id: menteeRole, name: "Mentee" }] });
  });
  afterAll(async () => {
    await cached?.close();
  });

  it("given a member object from the cache then nick, roles and permissions come through the same", async () => {
    const member = testMember({ username: "lee", globalName: "Lee", nick: "Lee (mentor)", roles: [mentorRole, menteeRole] });
    const out = await cached.command({ name: "echo", subcommand: "say", as: member, options: [option.string("text", "cached")] });
    expect(out.callback?.type).toBe(4);
    expect(seen.command?.user.displayName).toBe("Lee (mentor)");
    expect([...(seen.command?.memberRoleIds ?? [])].sort()).toEqual([mentorRole, menteeRole]);
    expect(seen.command?.canManageGuild).toBe(false);
  });

  it("given a cached guild then the notifier opens the thread without fetching the guild", async () => {
    const result = await cached.notifier.openPairSpace({
      guildId: cached.guildId,
      channelId: cached.channelId,
      name: "pair",
      userIds: ["666666666666666666", "777777777777777777"],
      starter: { content: "Welcome" },
    });
    expect(result.threadId).not.toBeNull();
    expect(cached.server.find("GET", "/guilds/:id")).toHaveLength(0);
    expect(cached.server.find("GET", "/channels/:id")).toHaveLength(0);
    expect(cached.server.find("POST", `/channels/${cached.channelId}/threads`)).toHaveLength(1);
  });
});
