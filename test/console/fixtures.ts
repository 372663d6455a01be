// A small test-only command set for the console tests: subcommands, every option type the
// console converts, buttons, a form (modal), autocomplete, deferral, and a few misbehaving
// handlers. It stores a profile through the real database to prove the console reaches it.
import { Writable } from "node:stream";
import { z } from "zod";
import { defineEnum } from "../../src/domain/enums.js";
import { defineCommand, group, sub, type CommandModule } from "../../src/interaction/command.js";
import { button, components, field, ids, modal } from "../../src/interaction/components.js";
import { UserError } from "../../src/interaction/errors.js";
import { opt } from "../../src/interaction/options.js";

const INDUSTRIES = ["fintech", "finance", "healthcare", "education"];
const DEMO_STAGE = defineEnum(["student", "senior"], { student: "Student", senior: "Senior" });

/** "<mentee id>-<mentor id>": only the mentor may answer. */
const requestIds = ids.pair(ids.user, ids.user);

export const demoUi = components("demo", {
  buttons: {
    accept: button({
      id: requestIds,
      where: "anywhere",
      run: async ({ ctx, id: [menteeId, mentorId], res }): Promise<void> => {
        if (ctx.user.id !== mentorId) throw new UserError("Only the mentor can answer this request.");
        await res.update({
          content: `Accepted <@${menteeId}>'s request.`,
          buttons: [
            [
              { ...demoUi.buttons.accept.spec([menteeId, mentorId], { label: "Accept", style: "success" }), disabled: true },
              { ...demoUi.buttons.decline.spec([menteeId, mentorId], { label: "Decline", style: "danger" }), disabled: true },
            ],
          ],
        });
        await res.followUp({ content: "A private thread will follow.", ephemeral: true });
      },
    }),
    decline: button({
      id: requestIds,
      where: "anywhere",
      run: async ({ ctx, id, res }): Promise<void> => {
        if (ctx.user.id !== id[1]) throw new UserError("Only the mentor can answer this request.");
        await res.showModal(demoUi.modals.reason.open(id, { note: "none" }));
      },
    }),
  },
  modals: {
    reason: modal({
      id: requestIds,
      where: "anywhere",
      title: "Decline request",
      fields: {
        reason: field.paragraph("Why?", { max: 200, min: 5 }).required(),
        note: field.short("Private note", { max: 100 }),
      },
      run: async ({ fields, res }) => {
        await res.update({ content: `Declined: ${fields.reason} (note: ${fields.note ?? ""}) [ok]` });
      },
    }),
  },
});

const industry = opt
  .text("Your industry", { max: 60 })
  .pipe(z.string().refine((v) => INDUSTRIES.includes(v), "unknown industry"))
  .autocomplete(async ({ typed }) =>
    INDUSTRIES.filter((i) => i.startsWith(typed.toLowerCase())).map((i) => ({ name: i[0]?.toUpperCase() + i.slice(1), value: i })),
  )
  .required();

export const demoCommand: CommandModule = defineCommand({
  name: "demo",
  description: "A command for console tests",
  ui: demoUi,
  subcommands: [
    sub(
      "profile",
      "Save your profile",
      { industry, capacity: opt.integer("How many mentees", { min: 1, max: 5 }), about: opt.text("About you", { max: 50 }) },
      async ({ ctx, args, guildId, res, deps }) => {
        const capacity = args.capacity ?? 1;
        await deps.db.profile.upsert({
          where: { guildId_userId: { guildId, userId: ctx.user.id } },
          create: {
            guildId,
            userId: ctx.user.id,
            displayName: ctx.user.displayName,
            industry: args.industry,
            stage: "senior",
            isMentor: true,
            mentorCapacity: capacity,
            headline: args.about ?? null,
          },
          update: { industry: args.industry, mentorCapacity: capacity, headline: args.about ?? null },
        });
        await res.reply({ content: `Saved: ${args.industry}, capacity ${capacity}.`, ephemeral: true });
      },
    ),
    sub("whoami", "Show your saved profile", {}, async ({ ctx, guildId, res, deps }) => {
      const profile = await deps.db.profile.findUnique({ where: { guildId_userId: { guildId, userId: ctx.user.id } } });
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
    }),
    sub(
      "ask",
      "Ask a mentor",
      { mentor: opt.user("Who").required(), message: opt.text("A note", { max: 200 }) },
      async ({ ctx, args, guildId, res, deps }) => {
        const id = [ctx.user.id, args.mentor.id] as const;
        const sent = await deps.notifier.notifyUser(
          guildId,
          args.mentor.id,
          {
            content: `<@${ctx.user.id}> asks for mentoring: ${args.message ?? "(no message)"}`,
            buttons: [
              [
                demoUi.buttons.accept.spec(id, { label: "Accept", style: "success" }),
                demoUi.buttons.decline.spec(id, { label: "Decline", style: "danger" }),
              ],
            ],
          },
          { fallbackChannelId: ctx.channelId },
        );
        await res.reply({ content: `Request sent to <@${args.mentor.id}> (${sent}).`, ephemeral: true });
      },
    ),
    sub(
      "types",
      "Echo typed options",
      {
        flag: opt.boolean("A boolean"),
        ratio: opt.number("A number", { min: -1000, max: 1000 }),
        stage: opt.choice(DEMO_STAGE, "A stage"),
        role: opt.role("A role"),
        channel: opt.channel("A channel", []),
      },
      async ({ ctx, res }) => {
        await res.reply({ content: `options: ${JSON.stringify(ctx.options)}` });
      },
    ),
    group("admin", "Moderator things", [
      sub("check", "Am I a moderator?", {}, async ({ ctx, res }) => {
        await res.reply({ content: ctx.canManageGuild ? "You are a moderator." : "You are not a moderator.", ephemeral: true });
      }),
    ]),
    sub("slow", "Defers, then answers", {}, async ({ res }) => {
      await res.defer({ ephemeral: true });
      await res.editReply({ content: "Done after thinking." });
    }),
    sub("twice", "Replies twice (a bug)", {}, async ({ res }) => {
      await res.reply({ content: "first" });
      await res.reply({ content: "second" });
    }),
    sub("silent", "Never answers (a bug)", {}, async () => {}),
  ],
});

export const demoCommands: readonly CommandModule[] = [demoCommand];

export class StringSink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export { openTempDatabase, type TempDatabase } from "../support/db.js";
