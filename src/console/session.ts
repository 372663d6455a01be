// One console session: who is acting, what has been shown, and how each parsed line becomes an
// interaction through the same router, handlers and database as in Discord.
import type { CommandModule, Deps } from "../interaction/command.js";
import type { Db } from "../db/client.js";
import { createRouter as defaultCreateRouter, type Router } from "../interaction/router.js";
import type {
  AutocompleteInteractionContext,
  CommandInteractionContext,
  ComponentInteractionContext,
  MessageSpec,
  ModalInteractionContext,
  ModalSpec,
} from "../interaction/types.js";
import { silentLogger, type Logger } from "../logger.js";
import { ManualClock } from "../services/clock.js";
import { MessageBoard, type Place } from "./board.js";
import { type ConsoleMember, Directory } from "./directory.js";
import { renderHelp } from "./help.js";
import { CONSOLE_CHANNEL_ID, CONSOLE_GUILD_ID } from "./ids.js";
import { contextSubcommand, parseLine, type ParsedCommand, type ParsedLine } from "./parse.js";
import { ConsoleNotifier, indent, renderChoices, renderMessage, renderModal } from "./render.js";
import { FileSaver, readLocalAttachment } from "./files.js";
import { ConsoleAutocompleteResponder, ConsoleResponder, type ResponderHost } from "./responder.js";

export type RouterFactory = (commands: readonly CommandModule[], deps: Deps) => Router;

export interface ConsoleSessionOptions {
  db: Db;
  commands: readonly CommandModule[];
  /** Receives each block of output (without a trailing newline). */
  write: (text: string) => void;
  guildId?: string;
  channelId?: string;
  /** Moved by /clock; defaults to a ManualClock starting now. */
  clock?: ManualClock;
  /** Run after each /clock: processes due request expiries and reminders. */
  tick?: (deps: Deps) => Promise<void>;
  logger?: Logger;
  createRouter?: RouterFactory;
  /**
   * How far the clock moves before each interaction (command, button, form), as if it took a few
   * seconds to type: keeps timestamps in order and a long script under the per-minute command
   * limit, which a frozen clock would otherwise trip. Default 5 seconds; 0 freezes the clock.
   */
  stepMs?: number;
  /** Where attachments are written (shown as their path); default: a new folder in the temp directory. */
  filesDir?: string;
}

export const DEFAULT_STEP_MS = 5000;

/** "ok": done; "error": the line was refused (parse error, unknown token...); "quit": /quit. */
export type LineOutcome = "ok" | "error" | "quit";

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ConsoleSession {
  readonly directory = new Directory();
  readonly board = new MessageBoard((id) => this.directory.memberById(id)?.name ?? null);
  readonly clock: ManualClock;
  readonly deps: Deps;
  readonly router: Router;
  readonly guildId: string;
  readonly channelId: string;
  #current: ConsoleMember | null = null;
  readonly #write: (text: string) => void;
  readonly #tick: ((deps: Deps) => Promise<void>) | undefined;
  readonly #stepMs: number;
  readonly #files: FileSaver;

  constructor(options: ConsoleSessionOptions) {
    this.#write = options.write;
    this.#tick = options.tick;
    this.#stepMs = options.stepMs ?? DEFAULT_STEP_MS;
    this.guildId = options.guildId ?? CONSOLE_GUILD_ID;
    this.channelId = options.channelId ?? CONSOLE_CHANNEL_ID;
    this.clock = options.clock ?? new ManualClock();
    this.#files = new FileSaver(options.filesDir);
    const notifier = new ConsoleNotifier({ board: this.board, directory: this.directory, write: this.#write, files: this.#files });
    this.deps = { db: options.db, logger: options.logger ?? silentLogger, clock: this.clock, notifier, fetchAttachment: readLocalAttachment };
    this.router = (options.createRouter ?? defaultCreateRouter)(options.commands, this.deps);
  }

  get commands(): readonly CommandModule[] {
    return this.router.commands;
  }

  /** The member acting now, if any. */
  get current(): ConsoleMember | null {
    return this.#current;
  }

  /** "alice> " (or "console> " before the first /as). */
  get prompt(): string {
    return `${this.#current?.name ?? "console"}> `;
  }

  /**
   * Learns the members who already have a profile in this server (from an earlier console run or
   * a copy of a real database), so their names resolve to their ids from the first line on.
   */
  async loadMembers(): Promise<number> {
    const profiles = await this.deps.db.profile.findMany({
      where: { guildId: this.guildId },
      select: { userId: true, displayName: true },
      orderBy: { id: "asc" },
    });
    let count = 0;
    for (const p of profiles) if (this.directory.adopt(p.displayName, p.userId)) count++;
    return count;
  }

  parse(line: string): ParsedLine {
    return parseLine(line, this.commands, { resolver: this.directory });
  }

  /** Parses and runs one line, printing everything it causes. */
  async run(line: string): Promise<LineOutcome> {
    const parsed = this.parse(line);
    try {
      return await this.#dispatch(parsed);
    } catch (error) {
      // Handlers' own failures are answered by the router; this is the console's own failure.
      this.#error(`console failure: ${describeError(error)}`);
      return "error";
    }
  }

  #error(message: string): LineOutcome {
    this.#write(`error: ${message}`);
    return "error";
  }

  async #dispatch(parsed: ParsedLine): Promise<LineOutcome> {
    switch (parsed.kind) {
      case "blank":
        return "ok";
      case "error":
        return this.#error(parsed.message);
      case "quit":
        return "quit";
      case "help":
        this.#write(renderHelp(this.commands, parsed.topic));
        return "ok";
      case "as":
        return this.#as(parsed);
      case "clock":
        return this.#clock(parsed.ms, parsed.text);
      case "command":
        return this.#command(parsed.command);
      case "complete":
        return this.#complete(parsed.command, parsed.focused);
      case "press":
        return this.#press(parsed.token);
      case "form":
        return this.#form(parsed.token, parsed.fields);
    }
  }

  #as(parsed: Extract<ParsedLine, { kind: "as" }>): LineOutcome {
    const member = this.directory.member(parsed.name);
    if (parsed.mod !== null) member.canManageGuild = parsed.mod;
    if (parsed.dmsOpen !== null) member.dmsOpen = parsed.dmsOpen;
    for (const role of parsed.roles) {
      const id = this.directory.role(role);
      if (!member.roleIds.includes(id)) member.roleIds.push(id);
    }
    this.#current = member;
    const notes: string[] = [`id ${member.id}`];
    if (member.canManageGuild) notes.push("moderator: Manage Server");
    if (member.roleIds.length > 0) notes.push(`roles: ${member.roleIds.map((r) => this.directory.roleLabel(r)).join(", ")}`);
    if (!member.dmsOpen) notes.push("DMs closed");
    this.#write(`now acting as @${member.name} (${notes.join("; ")})`);
    return "ok";
  }

  async #clock(ms: number | null, text: string): Promise<LineOutcome> {
    if (ms === null) {
      this.#write(`clock: ${this.clock.now().toISOString()}`);
      return "ok";
    }
    this.clock.advance(ms);
    this.#write(`clock: ${text.startsWith("+") ? text : `+${text}`} → ${this.clock.now().toISOString()}`);
    if (this.#tick !== undefined) {
      try {
        await this.#tick(this.deps);
      } catch (error) {
        return this.#error(`scheduled work failed: ${describeError(error)}`);
      }
    }
    return "ok";
  }

  #actor(): ConsoleMember | null {
    if (this.#current === null) this.#error("choose who you are first: /as <name> (add --mod for a moderator)");
    return this.#current;
  }

  #base(member: ConsoleMember, place: Place) {
    const user = { id: member.id, displayName: member.name };
    if (place.kind === "dm") {
      return { user, guildId: null, channelId: null, canManageGuild: false, memberRoleIds: [] as string[] };
    }
    return {
      user,
      guildId: place.guildId,
      channelId: place.kind === "thread" ? place.threadId : place.channelId,
      canManageGuild: member.canManageGuild,
      memberRoleIds: [...member.roleIds],
    };
  }

  #channelPlace(): Place {
    return { kind: "channel", guildId: this.guildId, channelId: this.channelId };
  }

  #render(message: MessageSpec, ephemeral: boolean): string {
    return renderMessage(message, {
      labels: this.directory,
      ephemeral,
      buttonToken: (b) => this.board.buttonToken(b.customId),
      saveFile: (file) => this.#files.save(file),
    });
  }

  #placeNote(place: Place): string | null {
    if (place.kind === "dm") return "(in your DMs with the bot)";
    if (place.kind === "thread") return `(in thread ${this.directory.channelLabel(place.threadId)})`;
    return place.channelId === this.channelId ? null : `(in ${this.directory.channelLabel(place.channelId)})`;
  }

  #host(member: ConsoleMember, place: Place): ResponderHost {
    return {
      post: (message, ephemeral, kind) => {
        const shown = this.board.post(place, message, { ephemeral, viewerId: member.id });
        const note = this.#placeNote(place);
        const head = kind === "followUp" ? "(follow-up)" : null;
        const lines = [note, head, this.#render(shown.message, ephemeral)].filter((l): l is string => l !== null);
        this.#write(lines.join("\n"));
        return shown.id;
      },
      replace: (messageId, message, kind) => {
        const shown = this.board.replace(messageId, message);
        const note = this.#placeNote(shown.place);
        const head = kind === "update" ? "↻ message updated:" : "↻ reply edited:";
        this.#write(`${note === null ? "" : `${note}\n`}${head}\n${indent(this.#render(shown.message, shown.ephemeral))}`);
      },
      showModal: (modal: ModalSpec, sourceMessageId) => {
        const form = this.board.openForm(modal, member.id, place, sourceMessageId);
        this.#write(renderModal(modal, form.token));
      },
    };
  }

  async #handle(
    member: ConsoleMember,
    place: Place,
    ctx: CommandInteractionContext | ComponentInteractionContext | ModalInteractionContext,
    sourceMessageId: number | null,
  ): Promise<LineOutcome> {
    if (this.#stepMs > 0) this.clock.advance(this.#stepMs);
    const kind = ctx.kind === "modal" ? (sourceMessageId === null ? "modal" : "modal-from-button") : ctx.kind;
    const res = new ConsoleResponder(this.#host(member, place), { kind, sourceMessageId });
    await this.router.handle(ctx, res);
    const missing = res.missingAnswer;
    if (missing !== null) this.#write(missing);
    return "ok";
  }

  async #command(command: ParsedCommand): Promise<LineOutcome> {
    const member = this.#actor();
    if (member === null) return "error";
    const place = this.#channelPlace();
    const ctx: CommandInteractionContext = {
      ...this.#base(member, place),
      kind: "command",
      commandName: command.commandName,
      subcommand: contextSubcommand(command),
      options: command.options,
    };
    return this.#handle(member, place, ctx, null);
  }

  async #complete(command: ParsedCommand, focused: { name: string; value: string }): Promise<LineOutcome> {
    const member = this.#actor();
    if (member === null) return "error";
    const ctx: AutocompleteInteractionContext = {
      ...this.#base(member, this.#channelPlace()),
      kind: "autocomplete",
      commandName: command.commandName,
      subcommand: contextSubcommand(command),
      focused,
      options: command.options,
    };
    const res = new ConsoleAutocompleteResponder();
    await this.router.handleAutocomplete(ctx, res);
    this.#write(renderChoices(focused.name, res.choices));
    if (res.choices !== null && res.choices.length > 25) {
      this.#write(`(warning: ${res.choices.length} choices — Discord refuses more than 25)`);
    }
    return "ok";
  }

  async #press(token: string): Promise<LineOutcome> {
    const member = this.#actor();
    if (member === null) return "error";
    const found = this.board.findButton(token, member.id);
    if (!found.ok) {
      switch (found.reason) {
        case "unknown": {
          const tokens = this.board.pressable(member.id);
          const hint = tokens.length === 0 ? "none right now" : tokens.slice(0, 10).join(", ");
          return this.#error(`no button "${token}" (buttons @${member.name} can press: ${hint})`);
        }
        case "gone":
          return this.#error(`the button "${token}" is no longer on any message`);
        case "disabled":
          return this.#error(`the button [${found.label}] is disabled`);
        case "hidden": {
          const who = found.seenBy.map((id) => this.directory.userLabel(id)).join(" or ");
          const first = found.seenBy[0];
          const name = first === undefined ? "them" : (this.directory.memberById(first)?.name ?? first);
          return this.#error(`the button [${found.label}] is on a message only ${who} can see — use /as ${name} first`);
        }
      }
    }
    const place = found.message.place;
    const ctx: ComponentInteractionContext = {
      ...this.#base(member, place),
      kind: "button",
      customId: found.button.customId,
    };
    return this.#handle(member, place, ctx, found.message.id);
  }

  async #form(token: string, given: Record<string, string>): Promise<LineOutcome> {
    const member = this.#actor();
    if (member === null) return "error";
    const form = this.board.findForm(token);
    if (form === undefined) {
      const open = this.board.openForms(member.id);
      return this.#error(`no open form "${token}" (forms open for @${member.name}: ${open.length === 0 ? "none" : open.join(", ")})`);
    }
    if (form.userId !== member.id) {
      const owner = this.directory.memberById(form.userId)?.name ?? form.userId;
      return this.#error(`the form "${form.token}" was opened by @${owner} — use /as ${owner} first`);
    }
    const ids = form.modal.fields.map((f) => f.customId);
    for (const key of Object.keys(given)) {
      if (!ids.includes(key)) return this.#error(`unknown field \`${key}\` in form "${form.token}" — fields: ${ids.join(", ")}`);
    }
    const fields: Record<string, string> = {};
    for (const field of form.modal.fields) {
      const value = given[field.customId] ?? field.value ?? "";
      if (field.required && value.trim() === "") {
        return this.#error(`missing required field \`${field.customId}\` (${field.label}) in form "${form.token}"`);
      }
      fields[field.customId] = value;
    }
    this.board.closeForm(form.token);
    const ctx: ModalInteractionContext = {
      ...this.#base(member, form.place),
      kind: "modal",
      customId: form.modal.customId,
      fields,
    };
    return this.#handle(member, form.place, ctx, form.sourceMessageId);
  }
}
