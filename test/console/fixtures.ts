// A small test-only command set for the console tests: subcommands, every option type the
// console converts, buttons, a form (modal), autocomplete, deferral, and a few misbehaving
// handlers. It stores a profile through the real database to prove the console reaches it.
import { Writable } from "node:stream";
import { z } from "zod";
import type { CommandModule } from "../../src/commands/types.js";
import { customId } from "../../src/commands/types.js";
import { parseInput, UserError } from "../../src/interaction/errors.js";
import type { UserOptionValue } from "../../src/interaction/types.js";

const INDUSTRIES = ["fintech", "finance", "healthcare", "education"];

export const demoCommand: CommandModule = {
  data: {
    name: "demo",
    description: "A command for console tests",
    options: [
      {
        type: 1,
        name: "profile",
        description: "Save your profile",
        options: [
          { type: 3, name: "industry", description: "Your industry", required: true, autocomplete: true },
          { type: 4, name: "capacity", description: "How many mentees", min_value: 1, max_value: 5 },
          { type: 3, name: "about", description: "About you" },
        ],
      },
      { type: 1, name: "whoami", description: "Show your saved profile" },
      {
        type: 1,
        name: "ask",
        description: "Ask a mentor",
        options: [
          { type: 6, name: "mentor", description: "Who", required: true },
          { type: 3, name: "message", description: "A note" },
        ],
      },
      {
        type: 1,
        name: "types",
        description: "Echo typed options",
        options: [
          { type: 5, name: "flag", description: "A boolean" },
          { type: 10, name: "ratio", description: "A number" },
          { type: 3, name: "stage", description: "A stage", choices: [
            { name: "Student", value: "student" },
            { name: "Senior", value: "senior" },
          ] },
          { type: 8, name: "role", description: "A role" },
          { type: 7, name: "channel", description: "A channel" },
        ],
      },
      {
        type: 2,
        name: "admin",
        description: "Moderator things",
        options: [{ type: 1, name: "check", description: "Am I a moderator?" }],
      },
      { type: 1, name: "slow", description: "Defers, then answers" },
      { type: 1, name: "twice", description: "Replies twice (a bug)" },
      { type: 1, name: "silent", description: "Never answers (a bug)" },
    ],
  },

  async execute(ctx, res, deps) {
    switch (ctx.subcommand) {
      case "profile": {
        const input = parseInput(
          z.object({
            industry: z.string().refine((v) => INDUSTRIES.includes(v), "unknown industry"),
            capacity: z.number().int().min(1).max(5).default(1),
            about: z.string().max(50).optional(),
          }),
          ctx.options,
        );
        if (ctx.guildId === null) throw new UserError("Use this in the server.");
        await deps.db.profile.upsert({
          where: { guildId_userId: { guildId: ctx.guildId, userId: ctx.user.id } },
          create: {
            guildId: ctx.guildId,
            userId: ctx.user.id,
            displayName: ctx.user.displayName,
            industry: input.industry,
            stage: "senior",
            isMentor: true,
            mentorCapacity: input.capacity,
            headline: input.about ?? null,
          },
          update: { industry: input.industry, mentorCapacity: input.capacity, headline: input.about ?? null },
        });
        await res.reply({ content: `Saved: ${input.industry}, capacity ${input.capacity}.`, ephemeral: true });
        return;
      }
      case "whoami": {
        const profile = await deps.db.profile.findUnique({
          where: { guildId_userId: { guildId: ctx.guildId ?? "", userId: ctx.user.id } },
        });
        if (profile === null) throw new UserError("You have no profile yet.");
        await res.reply({
          ephemeral: true,
          embeds: [
            {
              title: profile.displayName,
              description: profile.headline ?? "(no headline)",
              fields: [
                { name: "Industry", value: profile.industry },
                { name: "Capacity", value: String(profile.mentorCapacity) },
              ],
              footer: `since <t:${Math.floor(profile.createdAt.getTime() / 1000)}:D>`,
            },
          ],
        });
        return;
      }
      case "ask": {
        const mentor = ctx.options["mentor"] as UserOptionValue;
        const id = `${ctx.user.id}-${mentor.id}`.slice(0, 80);
        const sent = await deps.notifier.notifyUser(
          ctx.guildId ?? "",
          mentor.id,
          {
            content: `<@${ctx.user.id}> asks for mentoring: ${String((ctx.options["message"] as string | undefined) ?? "(no message)")}`,
            buttons: [
              [
                { customId: customId("demo", "accept", id), label: "Accept", style: "success" },
                { customId: customId("demo", "decline", id), label: "Decline", style: "danger" },
              ],
            ],
          },
          { fallbackChannelId: ctx.channelId },
        );
        await res.reply({ content: `Request sent to <@${mentor.id}> (${sent}).`, ephemeral: true });
        return;
      }
      case "types":
        await res.reply({ content: `options: ${JSON.stringify(ctx.options)}` });
        return;
      case "admin check":
        await res.reply({
          content: ctx.canManageGuild ? "You are a moderator." : "You are not a moderator.",
          ephemeral: true,
        });
        return;
      case "slow":
        await res.defer({ ephemeral: true });
        await res.editReply({ content: "Done after thinking." });
        return;
      case "twice":
        await res.reply({ content: "first" });
        await res.reply({ content: "second" });
        return;
      case "silent":
        return;
      default:
        throw new UserError(`unexpected subcommand ${String(ctx.subcommand)}`);
    }
  },

  async autocomplete(ctx, res) {
    const typed = ctx.focused.value.toLowerCase();
    await res.respond(
      INDUSTRIES.filter((i) => i.startsWith(typed)).map((i) => ({ name: i[0]?.toUpperCase() + i.slice(1), value: i })),
    );
  },

  async button(ctx, action, id, res) {
    const [menteeId, mentorId] = id.split("-");
    if (ctx.user.id !== mentorId) throw new UserError("Only the mentor can answer this request.");
    if (action === "accept") {
      await res.update({
        content: `Accepted <@${menteeId ?? ""}>'s request.`,
        buttons: [
          [
            { customId: customId("demo", "accept", id), label: "Accept", style: "success", disabled: true },
            { customId: customId("demo", "decline", id), label: "Decline", style: "danger", disabled: true },
          ],
        ],
      });
      await res.followUp({ content: "A private thread will follow.", ephemeral: true });
      return;
    }
    if (action === "decline") {
      await res.showModal({
        customId: customId("demo", "reason", id),
        title: "Decline request",
        fields: [
          { customId: "reason", label: "Why?", style: "paragraph", required: true, maxLength: 200 },
          { customId: "note", label: "Private note", style: "short", required: false, value: "none" },
        ],
      });
      return;
    }
    throw new UserError("unknown button");
  },

  async modal(ctx, action, id, res) {
    if (action !== "reason") throw new UserError("unknown form");
    const input = parseInput(z.object({ reason: z.string().min(5), note: z.string() }), ctx.fields, "Field");
    await res.update({ content: `Declined: ${input.reason} (note: ${input.note}) [${id.length > 0 ? "ok" : "?"}]` });
  },
};

export const demoCommands: readonly CommandModule[] = [demoCommand];

export class StringSink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export { openTempDatabase, type TempDatabase } from "../support/db.js";
