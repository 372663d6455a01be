// The one entry point for every interaction, whatever the transport: finds the subcommand, button
// or form from the commands' declarations, checks where it may be used and who may use it (server
// side), applies the per-member rate limit, runs the handler, and turns failures into answers.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { isDatabaseBusy } from "../db/errors.js";
import { getGuildSettings, isModerator, type GuildSettings } from "../services/settings.js";
import type { Access, CommandModule, Deps } from "./command.js";
import { splitCustomId, type ComponentEntry } from "./components.js";
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

export const MODERATORS_ONLY = "Only moderators can do this (Manage Server permission or the moderator role).";
export const GUILD_ONLY = "This only works inside a server.";
const STALE_COMPONENT = "This button or form is no longer supported. Run the command again.";

/** Answers whichever way is still open: first reply, edit of a deferred reply, or a follow-up. */
export async function respond(res: Responder, message: MessageSpec): Promise<void> {
  if (res.deferred && !res.replied) await res.editReply(message);
  else if (res.replied || res.deferred) await res.followUp(message);
  else await res.reply(message);
}

/** How an interaction ended: answered normally, a member's mistake, a busy database, or a bug. */
export type InteractionOutcome = "ok" | "user_error" | "busy" | "error";

/** One interaction the router finished, for metrics. `command` has few values: no ids, no user text. */
export interface HandledInteraction {
  kind: AnyInteractionContext["kind"];
  /** "mentor profile", "button:match:accept", "autocomplete:match"; "unknown" for stale ids. */
  command: string;
  outcome: InteractionOutcome;
  durationMs: number;
}

export interface RouterOptions {
  /** Called once per interaction after its answer (or its error reply) went out. */
  onHandled?: (event: HandledInteraction) => void;
}

function errorMessage(text: string): MessageSpec {
  return { content: `⚠️ ${text}`, ephemeral: true };
}

export function createRouter(commands: readonly CommandModule[], deps: Deps, options: RouterOptions = {}): Router {
  const byName = new Map(commands.map((c) => [c.name, c]));
  const components = new Map<string, ComponentEntry>();
  for (const command of commands) {
    for (const entry of command.components) {
      const key = `${entry.kind}:${entry.command}:${entry.action}`;
      if (components.has(key)) throw new Error(`two ${entry.kind}s are declared as ${entry.command}:${entry.action}`);
      components.set(key, entry);
    }
  }
  const limiter = new SlidingWindowLimiter();

  async function admit(
    ctx: { guildId: string | null; user: { id: string }; canManageGuild: boolean; memberRoleIds: readonly string[] },
    access: Access,
    tooFast: string,
  ): Promise<GuildSettings | null> {
    if (ctx.guildId === null) {
      if (access === "moderator") throw new UserError(GUILD_ONLY);
      return null;
    }
    const settings = await getGuildSettings(deps.db, ctx.guildId);
    if (!limiter.hit(`${ctx.guildId}:${ctx.user.id}`, settings.commandsPerMinute, 60_000, deps.clock.now().getTime())) {
      throw new UserError(tooFast);
    }
    if (access === "moderator" && !isModerator(ctx, settings)) throw new UserError(MODERATORS_ONLY);
    return settings;
  }

  async function fail(res: Responder, error: unknown, log: Record<string, unknown>): Promise<InteractionOutcome> {
    let text: string;
    let outcome: InteractionOutcome;
    if (error instanceof UserError) {
      text = error.message;
      outcome = "user_error";
    } else if (isDatabaseBusy(error)) {
      outcome = "busy";
      deps.logger.warn({ ...log, err: error }, "database busy");
      text = "The database is busy right now and nothing was changed. Please try again in a moment.";
    } else {
      outcome = "error";
      const ref = randomBytes(4).toString("hex");
      deps.logger.error({ ...log, err: error, ref }, "interaction failed");
      text = `Something went wrong on our side (reference \`${ref}\`). Nothing you did caused it; please try again, and give a moderator this reference if it keeps happening.`;
    }
    try {
      await respond(res, errorMessage(text));
    } catch (sendError) {
      deps.logger.warn({ ...log, err: sendError }, "could not deliver error reply");
    }
    return outcome;
  }

  /** The metrics label of a button or form: its declared command and action, never its id. */
  function componentLabel(ctx: ComponentInteractionContext | ModalInteractionContext): string {
    const parts = splitCustomId(ctx.customId);
    const entry = parts === null ? undefined : components.get(`${ctx.kind}:${parts.command}:${parts.action}`);
    return entry === undefined ? `${ctx.kind}:unknown` : `${ctx.kind}:${entry.command}:${entry.action}`;
  }

  function commandLabel(commandName: string, subcommand: string | null): string {
    const command = byName.get(commandName);
    if (command === undefined) return "unknown";
    return subcommand === null || command.subcommand(subcommand) === undefined ? command.name : `${command.name} ${subcommand}`;
  }

  function observe(kind: HandledInteraction["kind"], command: string, outcome: InteractionOutcome, started: number): void {
    if (options.onHandled === undefined) return;
    try {
      options.onHandled({ kind, command, outcome, durationMs: performance.now() - started });
    } catch (error) {
      deps.logger.warn({ err: error }, "interaction observer failed");
    }
  }

  async function runCommand(ctx: CommandInteractionContext, res: Responder): Promise<void> {
    const command = byName.get(ctx.commandName);
    if (command === undefined) throw new UserError(`Unknown command \`/${ctx.commandName}\`.`);
    const path = ctx.subcommand === null ? `/${command.name}` : `/${command.name} ${ctx.subcommand}`;
    const sub = command.subcommand(ctx.subcommand);
    if (sub === undefined) {
      const known = command.subcommands.map((s) => `\`/${command.name} ${s.name}\``).join(", ");
      throw new UserError(ctx.subcommand === null ? `\`${path}\` needs a subcommand: ${known}.` : `Unknown subcommand \`${path}\`. Try one of: ${known}.`);
    }
    if (ctx.guildId === null) throw new UserError(GUILD_ONLY);
    const settings = await admit(ctx, command.accessOf(sub), "You are using commands too quickly. Please wait a minute and try again.");
    if (settings === null) throw new UserError(GUILD_ONLY);
    await sub.run({ ctx, res, deps, guildId: ctx.guildId, settings }, path);
  }

  async function runComponent(ctx: ComponentInteractionContext | ModalInteractionContext, res: Responder): Promise<void> {
    const parts = splitCustomId(ctx.customId);
    const entry = parts === null ? undefined : components.get(`${ctx.kind}:${parts.command}:${parts.action}`);
    const command = entry === undefined ? undefined : byName.get(entry.command);
    if (parts === null || entry === undefined || command === undefined) throw new UserError(STALE_COMPONENT);
    if (entry.where === "guild" && ctx.guildId === null) throw new UserError(GUILD_ONLY);
    const settings = await admit(ctx, command.accessOf(entry), "You are clicking too quickly. Please wait a minute and try again.");
    const handled = await entry.dispatch({ rawId: parts.id, ctx, res, deps, scope: { guildId: ctx.guildId, settings } });
    if (!handled) throw new UserError(STALE_COMPONENT);
  }

  return {
    commands,
    async handle(ctx, res) {
      const started = performance.now();
      const log: Record<string, unknown> = { kind: ctx.kind, guildId: ctx.guildId, userId: ctx.user.id };
      const label = ctx.kind === "command" ? commandLabel(ctx.commandName, ctx.subcommand) : componentLabel(ctx);
      let outcome: InteractionOutcome = "ok";
      try {
        if (ctx.kind === "command") {
          log["command"] = ctx.subcommand === null ? ctx.commandName : `${ctx.commandName} ${ctx.subcommand}`;
          await runCommand(ctx, res);
        } else {
          log["customId"] = ctx.customId;
          await runComponent(ctx, res);
        }
      } catch (error) {
        outcome = await fail(res, error, log);
      }
      observe(ctx.kind, label, outcome, started);
      // One line per interaction, for finding slow commands on a big server. A button or form is
      // named "command:action" (its id part can be a member's data and stays out).
      const parts = ctx.kind === "command" ? null : splitCustomId(ctx.customId);
      const command = ctx.kind === "command" ? log["command"] : parts === null ? "unknown" : `${parts.command}:${parts.action}`;
      deps.logger.info(
        { kind: ctx.kind, command, guildId: ctx.guildId, userId: ctx.user.id, durationMs: Math.round((performance.now() - started) * 10) / 10, deferred: res.deferred },
        "interaction handled",
      );
    },
    async handleAutocomplete(ctx, res) {
      const started = performance.now();
      const label = `autocomplete:${commandLabel(ctx.commandName, null)}`;
      try {
        const sub = byName.get(ctx.commandName)?.subcommand(ctx.subcommand);
        const option = sub !== undefined && Object.hasOwn(sub.options, ctx.focused.name) ? sub.options[ctx.focused.name] : undefined;
        const complete = option?.completer;
        if (complete === undefined || ctx.guildId === null) {
          await res.respond([]);
          observe("autocomplete", label, "ok", started);
          return;
        }
        await res.respond(await complete({ typed: ctx.focused.value, guildId: ctx.guildId, deps, options: ctx.options }));
        observe("autocomplete", label, "ok", started);
      } catch (error) {
        observe("autocomplete", label, "error", started);
        // Autocomplete has no way to show an error; an empty list is the honest answer.
        deps.logger.warn({ guildId: ctx.guildId, userId: ctx.user.id, err: error }, "autocomplete failed");
        await res.respond([]).catch(() => undefined);
      }
      // One per keystroke: at debug level, so that it can be switched on without drowning the rest.
      deps.logger.debug(
        {
          kind: ctx.kind,
          command: ctx.subcommand === null ? ctx.commandName : `${ctx.commandName} ${ctx.subcommand}`,
          option: ctx.focused.name,
          guildId: ctx.guildId,
          userId: ctx.user.id,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          deferred: false,
        },
        "interaction handled",
      );
    },
  };
}
