// Turns messages, forms and autocomplete choices into Discord-like text, and the console's
// Notifier, which "delivers" DMs, channel fallbacks, private threads and roles by printing them.
//
//   (only you can see this)
//   Request sent to @bob.
//   ┌─ Bob — mentor
//   │ Fintech · senior
//   │ Topics: interviewing, cv
//   └─ Expires in 7 days
//   [Accept] (/press accept-12)  [Decline] (/press decline-12)  [Withdraw] (disabled)
import type {
  AutocompleteChoice,
  ButtonSpec,
  EmbedSpec,
  FileSpec,
  MessageSpec,
  ModalSpec,
  Notifier,
  PublicPost,
  ScheduledEventResult,
  ScheduledEventSpec,
} from "../interaction/types.js";
import type { MessageBoard, Place } from "./board.js";
import { FileSaver } from "./files.js";
import { dmFallbackNotice } from "../interaction/fallback.js";
import { safeFileName } from "../interaction/limits.js";
import type { Directory } from "./directory.js";

/** How ids are shown: @name, #channel, @&role. */
export interface Labels {
  userLabel(id: string): string;
  channelLabel(id: string): string;
  roleLabel(id: string): string;
}

const plainLabels: Labels = {
  userLabel: (id) => `@${id}`,
  channelLabel: (id) => `#${id}`,
  roleLabel: (id) => `@&${id}`,
};

export interface RenderOptions {
  labels?: Labels;
  /** The /press token for a button; without it buttons are shown without tokens. */
  buttonToken?: (button: ButtonSpec) => string;
  /** Overrides `message.ephemeral` (a deferred ephemeral reply, for instance). */
  ephemeral?: boolean;
  /** Writes an attachment somewhere and returns its path (the console shows it instead). */
  saveFile?: (file: FileSpec) => string;
}

function formatTimestamp(seconds: number, style: string | undefined): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return String(seconds);
  const iso = date.toISOString();
  if (style === "d" || style === "D") return iso.slice(0, 10);
  if (style === "t" || style === "T") return `${iso.slice(11, 16)} UTC`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

// Characters escaped with a backslash (member text quoted by the bot) are shown as typed; they are
// parked first so that the bold markers below only match the bot's own.
const ESCAPED = /\\([\\*_~`|>#\-[\]().!:<@])/g;
const PARKED = /\u{F0000}(\d+)\u{F0001}/gu;

/** Replaces Discord markup for mentions, timestamps and bold with readable text. */
export function renderInline(text: string, labels: Labels = plainLabels): string {
  const parked: string[] = [];
  return text
    .replace(ESCAPED, (_m, ch: string) => `\u{F0000}${parked.push(ch) - 1}\u{F0001}`)
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/<@!?(\d+)>/g, (_m, id: string) => labels.userLabel(id))
    .replace(/<@&(\d+)>/g, (_m, id: string) => labels.roleLabel(id))
    .replace(/<#(\d+)>/g, (_m, id: string) => labels.channelLabel(id))
    .replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_m, s: string, style: string | undefined) =>
      formatTimestamp(Number(s), style),
    )
    .replace(PARKED, (_m, i: string) => parked[Number(i)] ?? "");
}

function prefixLines(text: string, first: string, rest: string): string[] {
  return text.split("\n").map((line, i) => `${i === 0 ? first : rest}${line}`);
}

export function renderEmbed(embed: EmbedSpec, labels: Labels = plainLabels): string[] {
  const lines: string[] = [];
  lines.push(`┌─ ${embed.title === undefined ? "" : renderInline(embed.title, labels)}`.trimEnd());
  if (embed.description !== undefined && embed.description !== "") {
    lines.push(...prefixLines(renderInline(embed.description, labels), "│ ", "│ "));
  }
  for (const field of embed.fields ?? []) {
    const name = renderInline(field.name, labels);
    lines.push(...prefixLines(renderInline(field.value, labels), `│ ${name}: `, "│   "));
  }
  lines.push(`└─ ${embed.footer === undefined ? "" : renderInline(embed.footer, labels)}`.trimEnd());
  return lines;
}

export function renderButton(button: ButtonSpec, token: string | null): string {
  if (button.disabled === true) return `[${button.label}] (disabled)`;
  return token === null ? `[${button.label}]` : `[${button.label}] (/press ${token})`;
}

export const EPHEMERAL_MARK = "(only you can see this)";

/** A message as text: ephemeral mark, content, embeds, then one line per row of buttons. */
export function renderMessage(message: MessageSpec, options: RenderOptions = {}): string {
  const labels = options.labels ?? plainLabels;
  const lines: string[] = [];
  if (options.ephemeral ?? (message.ephemeral === true)) lines.push(EPHEMERAL_MARK);
  if (message.content !== undefined && message.content !== "") lines.push(renderInline(message.content, labels));
  for (const embed of message.embeds ?? []) lines.push(...renderEmbed(embed, labels));
  for (const file of message.files ?? []) lines.push(`📎 ${safeFileName(file.name)} → ${options.saveFile?.(file) ?? "(not saved)"}`);
  for (const row of message.buttons ?? []) {
    if (row.length === 0) continue;
    lines.push(row.map((b) => renderButton(b, options.buttonToken?.(b) ?? null)).join("  "));
  }
  if (lines.length === 0 || (lines.length === 1 && lines[0] === EPHEMERAL_MARK)) lines.push("(empty message)");
  return lines.join("\n");
}

/** A form (modal) as text, with the /form line that submits it. */
export function renderModal(modal: ModalSpec, token: string): string {
  const example = modal.fields
    .filter((f) => f.required)
    .map((f) => `${f.customId}:"..."`)
    .join(" ");
  const lines = [`[form] ${modal.title} — submit with: /form ${token}${example ? ` ${example}` : ""}`];
  for (const field of modal.fields) {
    const notes: string[] = [field.style === "paragraph" ? "paragraph" : "short", field.required ? "required" : "optional"];
    if (field.minLength !== undefined || field.maxLength !== undefined) {
      notes.push(`${field.minLength ?? 0}–${field.maxLength ?? "…"} characters`);
    }
    let line = `  ${field.customId}: ${field.label} (${notes.join(", ")})`;
    if (field.placeholder !== undefined) line += ` e.g. "${field.placeholder}"`;
    if (field.value !== undefined) line += ` [prefilled: "${field.value}"]`;
    lines.push(line);
  }
  return lines.join("\n");
}

export function renderChoices(option: string, choices: readonly AutocompleteChoice[] | null): string {
  if (choices === null) return `(no answer for ${option}: the command did not respond)`;
  if (choices.length === 0) return `(no choices for ${option})`;
  const lines = [`choices for ${option}:`];
  for (const c of choices) lines.push(c.name === c.value ? `  ${c.name}` : `  ${c.name} → ${c.value}`);
  return lines.join("\n");
}

export function indent(text: string, by = "  "): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : `${by}${line}`))
    .join("\n");
}

// ---------------------------------------------------------------------------------------------

export interface ConsoleNotifierOptions {
  board: MessageBoard;
  directory: Directory;
  write: (text: string) => void;
  files?: FileSaver;
}

/**
 * The Notifier of the console: DMs print as `→ DM to @bob:` followed by the message, whose
 * buttons can then be pressed (after `/as bob`). Members made with `/as name --dms-closed` refuse
 * DMs, so the channel fallback can be tried. Private threads and role grants are printed too.
 */
export class ConsoleNotifier implements Notifier {
  readonly #board: MessageBoard;
  readonly #directory: Directory;
  readonly #write: (text: string) => void;
  readonly #files: FileSaver;

  constructor(options: ConsoleNotifierOptions) {
    this.#board = options.board;
    this.#directory = options.directory;
    this.#write = options.write;
    this.#files = options.files ?? new FileSaver();
  }

  #show(header: string, place: Place, message: MessageSpec): void {
    const shown = this.#board.post(place, message, { ephemeral: false, viewerId: null });
    const body = renderMessage(shown.message, {
      labels: this.#directory,
      ephemeral: false,
      buttonToken: (b) => this.#board.buttonToken(b.customId),
      saveFile: (file) => this.#files.save(file),
    });
    this.#write(`${header}\n${indent(body)}`);
  }

  #dm(userId: string, message: MessageSpec): boolean {
    const who = this.#directory.userLabel(userId);
    if (this.#directory.memberById(userId)?.dmsOpen === false) {
      this.#write(`→ DM to ${who} failed (their DMs are closed)`);
      return false;
    }
    this.#show(`→ DM to ${who}:`, { kind: "dm", userId }, message);
    return true;
  }

  async notifyUser(
    guildId: string,
    userId: string,
    message: MessageSpec,
    options?: { fallbackChannelId?: string | null },
  ): Promise<"dm" | "channel" | "failed"> {
    if (this.#dm(userId, message)) return "dm";
    const channelId = options?.fallbackChannelId ?? null;
    if (channelId === null) return "failed";
    this.#show(
      `→ posted in ${this.#directory.channelLabel(channelId)} for ${this.#directory.userLabel(userId)} instead:`,
      { kind: "channel", guildId, channelId },
      dmFallbackNotice(userId),
    );
    return "channel";
  }

  async openPairSpace(input: {
    guildId: string;
    channelId: string | null;
    name: string;
    userIds: [string, string];
    starter: MessageSpec;
  }): Promise<{ threadId: string | null }> {
    const [a, b] = input.userIds;
    const who = `${this.#directory.userLabel(a)} and ${this.#directory.userLabel(b)}`;
    if (input.channelId !== null) {
      const threadId = this.#directory.newThread(input.name);
      this.#show(
        `→ private thread "${input.name}" opened in ${this.#directory.channelLabel(input.channelId)} for ${who}:`,
        { kind: "thread", guildId: input.guildId, threadId, memberIds: [a, b] },
        { ...input.starter, ephemeral: false },
      );
      return { threadId };
    }
    this.#dm(a, input.starter);
    this.#dm(b, input.starter);
    return { threadId: null };
  }

  async postToPair(input: { guildId: string; threadId: string | null; userIds: readonly string[]; message: MessageSpec }): Promise<"thread" | "dm" | "failed"> {
    if (input.threadId !== null) {
      this.#show(
        `→ posted in thread ${this.#directory.channelLabel(input.threadId)}:`,
        { kind: "thread", guildId: input.guildId, threadId: input.threadId, memberIds: [...input.userIds] },
        { ...input.message, ephemeral: false },
      );
      return "thread";
    }
    let reached = false;
    for (const userId of input.userIds) if (this.#dm(userId, input.message)) reached = true;
    return reached ? "dm" : "failed";
  }

  #events = 0;

  async createScheduledEvent(_guildId: string, spec: ScheduledEventSpec): Promise<ScheduledEventResult> {
    this.#events += 1;
    const eventId = `console-event-${this.#events}`;
    const place = spec.channelId === null ? `external, at ${spec.location ?? "?"}` : `in ${this.#directory.channelLabel(spec.channelId)}`;
    this.#write(`→ Discord event "${spec.name}" created (${place}), ${formatTimestamp(spec.startsAt.getTime() / 1000, "f")} – ${formatTimestamp(spec.endsAt.getTime() / 1000, "t")} [${eventId}]`);
    return { ok: true, eventId };
  }

  async updateScheduledEvent(_guildId: string, eventId: string, change: { location: string } | { cancel: true }): Promise<boolean> {
    this.#write("cancel" in change ? `→ Discord event ${eventId} cancelled` : `→ Discord event ${eventId}: location set to ${change.location}`);
    return true;
  }

  async openPublicThread(input: { guildId: string; channelId: string; name: string; message: MessageSpec }): Promise<PublicPost> {
    const threadId = this.#directory.newThread(input.name);
    // A public thread: anyone in the server can read it and press its buttons.
    this.#show(`→ public thread "${input.name}" opened in ${this.#directory.channelLabel(input.channelId)}:`, { kind: "channel", guildId: input.guildId, channelId: threadId }, { ...input.message, ephemeral: false });
    return { threadId, channelId: threadId, messageId: `console-message-${threadId}` };
  }

  async postInChannel(guildId: string, channelId: string, message: MessageSpec): Promise<boolean> {
    this.#show(`→ posted in ${this.#directory.channelLabel(channelId)}:`, { kind: "channel", guildId, channelId }, { ...message, ephemeral: false });
    return true;
  }

  async addRole(_guildId: string, userId: string, roleId: string): Promise<boolean> {
    const member = this.#directory.memberById(userId);
    if (member !== undefined && !member.roleIds.includes(roleId)) member.roleIds.push(roleId);
    this.#write(`→ role ${this.#directory.roleLabel(roleId)} given to ${this.#directory.userLabel(userId)}`);
    return true;
  }
}
