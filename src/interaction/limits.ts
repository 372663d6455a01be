// Discord's documented message limits, applied in one place for every reply.
import type { ButtonSpec, EmbedSpec, FileSpec, MessageSpec } from "./types.js";

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  buttonLabel: 80,
  customId: 100,
  buttonsPerRow: 5,
  rows: 5,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  files: 10,
  fileBytes: 8 * 1024 * 1024,
  fileDescription: 1024,
} as const;

/** Cuts to at most `max` UTF-16 units (Discord's measure) without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1; // a high surrogate whose pair would be cut off
  return `${text.slice(0, cut)}…`;
}

function clampEmbed(embed: EmbedSpec): EmbedSpec {
  const out: EmbedSpec = {};
  if (embed.title !== undefined) out.title = truncate(embed.title, LIMITS.embedTitle);
  if (embed.description !== undefined) out.description = truncate(embed.description, LIMITS.embedDescription);
  if (embed.footer !== undefined) out.footer = truncate(embed.footer, LIMITS.footer);
  if (embed.color !== undefined) out.color = embed.color;
  if (embed.fields !== undefined) {
    out.fields = embed.fields.slice(0, LIMITS.embedFields).map((f) => ({
      name: truncate(f.name || "\u200b", LIMITS.fieldName),
      value: truncate(f.value || "\u200b", LIMITS.fieldValue),
      ...(f.inline === undefined ? {} : { inline: f.inline }),
    }));
  }
  return out;
}

function embedSize(embed: EmbedSpec): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

const MORE = { name: "…", value: "(more than one message can show)" } as const;

/** The embed cut to `budget` characters: trailing fields first, then the description. Null if nothing fits. */
function shrinkEmbed(embed: EmbedSpec, budget: number): EmbedSpec | null {
  if (embedSize(embed) <= budget) return embed;
  const fields = [...(embed.fields ?? [])];
  let shrunk: EmbedSpec = { ...embed, fields };
  while (fields.length > 0 && embedSize({ ...shrunk, fields: [...fields, MORE] }) > budget) fields.pop();
  if ((embed.fields ?? []).length > fields.length) shrunk = { ...embed, fields: [...fields, MORE] };
  if (embedSize(shrunk) > budget && shrunk.description !== undefined) {
    const over = embedSize(shrunk) - budget;
    shrunk = { ...shrunk, description: truncate(shrunk.description, Math.max(1, shrunk.description.length - over)) };
  }
  return embedSize(shrunk) <= budget && (shrunk.title !== undefined || shrunk.description !== undefined || (shrunk.fields ?? []).length > 0) ? shrunk : null;
}

function clampButtons(rows: ButtonSpec[][]): ButtonSpec[][] {
  return rows
    .filter((row) => row.length > 0)
    .slice(0, LIMITS.rows)
    .map((row) =>
      row.slice(0, LIMITS.buttonsPerRow).map((b) => ({ ...b, label: truncate(b.label, LIMITS.buttonLabel) })),
    );
}

export function fileBytes(file: FileSpec): number {
  return typeof file.data === "string" ? Buffer.byteLength(file.data) : file.data.byteLength;
}

/** A name Discord and every file system accept: no path, no spaces or odd characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.normalize("NFKD").replace(/[^\w.-]+/g, "_").replace(/^\.+/, "").slice(0, 100);
  return clean === "" ? "file" : clean;
}

function clampFiles(files: readonly FileSpec[]): FileSpec[] {
  const out: FileSpec[] = [];
  let total = 0;
  for (const file of files.slice(0, LIMITS.files)) {
    total += fileBytes(file);
    // A file that would break the size limit is an error in our code, not something to cut.
    if (total > LIMITS.fileBytes) throw new Error(`attachments exceed ${LIMITS.fileBytes} bytes`);
    out.push({
      name: safeFileName(file.name),
      data: file.data,
      ...(file.description === undefined ? {} : { description: truncate(file.description, LIMITS.fileDescription) }),
    });
  }
  return out;
}

/** Cuts a message to Discord's limits (content, embeds and their total size, buttons, files). */
export function clampMessage(message: MessageSpec): MessageSpec {
  const out: MessageSpec = { ...message };
  if (message.content !== undefined) out.content = truncate(message.content, LIMITS.content);
  if (message.embeds !== undefined) {
    // Handlers keep their messages within the limits (tests check them before this clamp); this is
    // the last guard, and it shrinks rather than drops: a message must never lose its only embed
    // (Discord refuses an empty message with 400/50006).
    const embeds: EmbedSpec[] = [];
    let total = 0;
    for (const embed of message.embeds.slice(0, LIMITS.embeds)) {
      const remaining = LIMITS.embedTotal - total;
      const clamped = shrinkEmbed(clampEmbed(embed), remaining);
      if (clamped === null) break;
      total += embedSize(clamped);
      embeds.push(clamped);
    }
    out.embeds = embeds;
  }
  if (message.buttons !== undefined) out.buttons = clampButtons(message.buttons);
  if (message.files !== undefined) out.files = clampFiles(message.files);
  return out;
}
