// The one entry point for every interaction, whatever the transport: finds the command module,
// applies the per-user command rate limit, runs the handler, and turns failures into answers.
import { randomBytes } from "node:crypto";
import type { CommandModule, Deps } from "../commands/types.js";
import { parseCustomId } from "../commands/types.js";
import { getGuildSettings } from "../services/settings.js";
import { isDatabaseBusy } from "../db/errors.js";
import { UserError } from "./errors.js";
import { SlidingWindowLimiter } from "./rate-limit.js";
import type {
  AutocompleteInteractionContext,
  AutocompleteResponder,
  CommandInteractionContext,
  ComponentInteractionContext,
  MessageSpec,
  ModalInteractionContext,
  Responder,
} from "./types.js";

export type AnyInteractionContext =
  | CommandInteractionContext
  | ComponentInteractionContext
  | ModalInteractionContext
  | AutocompleteInteractionContext;

export interface Router {
  commands: readonly CommandModule[];
  handle(ctx: CommandInteractionContext | ComponentInteractionContext | ModalInteractionContext, res: Responder): Promise<void>;
  handleAutocomplete(ctx: AutocompleteInteractionContext, res: AutocompleteResponder): Promise<void>;
}

/** Answers whichever way is still open: first reply, edit of a deferred reply, or a follow-up. */
export async function respond(res: Responder, message: MessageSpec): Promise<void> {
  if (res.deferred && !res.replied) await res.editReply(message);
  else if (res.replied || res.deferred) await res.followUp(message);
  else await res.reply(message);
}

function errorMessage(text: string): MessageSpec {
  return { content: `⚠️ ${text}`, ephemeral: true };
}

export function createRouter(commands: readonly CommandModule[], deps: Deps): Router {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const limiter = new SlidingWindowLimiter();

  async function withinCommandLimit(ctx: { guildId: string | null; user: { id: string } }): Promise<boolean> {
    if (ctx.guildId === null) return true;
    const settings = await getGuildSettings(deps.db, ctx.guildId);
    return limiter.hit(`${ctx.guildId}:${ctx.user.id}`, settings.commandsPerMinute, 60_000, deps.clock.now().getTime());
  }

  async function fail(res: Responder, error: unknown, log: Record<string, unknown>): Promise<void> {
    let text: string;
    if (error instanceof UserError) {
      text = error.message;
    } else if (isDatabaseBusy(error)) {
      deps.logger.warn({ ...log, err: error }, "database busy");
      text = "The database is busy right now and nothing was changed. Please try again in a moment.";
    } else {
      const ref = randomBytes(4).toString("hex");
      deps.logger.error({ ...log, err: error, ref }, "interaction failed");
      text = `Something went wrong on our side (reference \`${ref}\`). Nothing you did caused it; please try again, and give a moderator this reference if it keeps happening.`;
    }
    try {
      await respond(res, errorMessage(text));
    } catch (sendError) {
      deps.logger.warn({ ...log, err: sendError }, "could not deliver error reply");
    }
  }

  return {
    commands,
    async handle(ctx, res) {
      const log = { kind: ctx.kind, guildId: ctx.guildId, userId: ctx.user.id } as Record<string, unknown>;
      try {
        if (ctx.kind === "command") {
          log["command"] = ctx.subcommand === null ? ctx.commandName : `${ctx.commandName} ${ctx.subcommand}`;
          const command = byName.get(ctx.commandName);
          if (command === undefined) throw new UserError(`Unknown command \`/${ctx.commandName}\`.`);
          if (!(await withinCommandLimit(ctx))) {
            throw new UserError("You are using commands too quickly. Please wait a minute and try again.");
          }
          await command.execute(ctx, res, deps);
          return;
        }
        const parsed = parseCustomId(ctx.customId);
        const command = parsed === null ? undefined : byName.get(parsed.command);
        log["customId"] = ctx.customId;
        if (parsed === null || command === undefined) {
          throw new UserError("This button or form is no longer supported. Run the command again.");
        }
        if (!(await withinCommandLimit(ctx))) {
          throw new UserError("You are clicking too quickly. Please wait a minute and try again.");
        }
        if (ctx.kind === "button" && command.button !== undefined) {
          await command.button(ctx, parsed.action, parsed.id, res, deps);
        } else if (ctx.kind === "modal" && command.modal !== undefined) {
          await command.modal(ctx, parsed.action, parsed.id, res, deps);
        } else {
          throw new UserError("This button or form is no longer supported. Run the command again.");
        }
      } catch (error) {
        await fail(res, error, log);
      }
    },
    async handleAutocomplete(ctx, res) {
      try {
        const command = byName.get(ctx.commandName);
        if (command?.autocomplete === undefined) {
          await res.respond([]);
          return;
        }
        await command.autocomplete(ctx, res, deps);
      } catch (error) {
        // Autocomplete has no way to show an error; an empty list is the honest answer.
        deps.logger.warn({ guildId: ctx.guildId, userId: ctx.user.id, err: error }, "autocomplete failed");
        await res.respond([]).catch(() => undefined);
      }
    },
  };
}
