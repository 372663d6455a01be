// Turns our transport-independent MessageSpec / ModalSpec into the JSON discord.js sends. Every
// message goes through clampMessage first, and every message carries explicit allowed mentions:
// replies echo member-written text (headlines, notes), which must never ping @everyone, roles or
// people. Only the DM-closed fallback and pair threads may ping, and only the named members.
import {
  ButtonStyle as DiscordButtonStyle,
  ComponentType,
  MessageFlags,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type APITextInputComponent,
} from "discord.js";
import { dmFallbackNotice } from "../interaction/fallback.js";
import { clampMessage, truncate } from "../interaction/limits.js";
import type { ButtonSpec, ButtonStyle, EmbedSpec, FileSpec, MessageSpec, ModalFieldSpec, ModalSpec } from "../interaction/types.js";

/** What discord.js calls MessageMentionOptions, narrowed to the two shapes we ever send. */
export type AllowedMentions = { parse: [] } | { users: string[] };

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** A file as discord.js takes it (sent as multipart form data). */
export interface RenderedFile {
  attachment: Buffer;
  name: string;
  description?: string;
}

/** Options accepted by reply / followUp / channel.send / users.send. */
export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowedMentions: AllowedMentions;
  flags?: MessageFlags.Ephemeral;
  files?: RenderedFile[];
}

/** Options for editReply / update: a full replacement, so absent parts are cleared, not kept. */
export interface RenderedEdit {
  content: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowedMentions: AllowedMentions;
  files?: RenderedFile[];
}

function renderFiles(files: readonly FileSpec[] | undefined): { files?: RenderedFile[] } {
  if (files === undefined || files.length === 0) return {};
  return {
    files: files.map((f) => ({
      attachment: typeof f.data === "string" ? Buffer.from(f.data, "utf8") : Buffer.from(f.data),
      name: f.name,
      ...(f.description === undefined ? {} : { description: f.description }),
    })),
  };
}

const BUTTON_STYLES: Record<ButtonStyle, DiscordButtonStyle.Primary | DiscordButtonStyle.Secondary | DiscordButtonStyle.Success | DiscordButtonStyle.Danger> = {
  primary: DiscordButtonStyle.Primary,
  secondary: DiscordButtonStyle.Secondary,
  success: DiscordButtonStyle.Success,
  danger: DiscordButtonStyle.Danger,
};

export const NO_MENTIONS: AllowedMentions = Object.freeze({ parse: [] });

function renderEmbed(embed: EmbedSpec): APIEmbed {
  const out: APIEmbed = {};
  if (embed.title !== undefined) out.title = embed.title;
  if (embed.description !== undefined) out.description = embed.description;
  if (embed.color !== undefined) out.color = embed.color;
  if (embed.footer !== undefined) out.footer = { text: embed.footer };
  if (embed.fields !== undefined) {
    out.fields = embed.fields.map((f) => ({ name: f.name, value: f.value, ...(f.inline === undefined ? {} : { inline: f.inline }) }));
  }
  return out;
}

function renderButton(button: ButtonSpec): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    custom_id: button.customId,
    label: button.label,
    style: BUTTON_STYLES[button.style],
    ...(button.disabled === true ? { disabled: true } : {}),
  };
}

function renderRows(rows: readonly ButtonSpec[][] | undefined): ButtonRow[] {
  return (rows ?? []).map((row) => ({ type: ComponentType.ActionRow, components: row.map(renderButton) }));
}

function mentionsOnly(userIds: readonly string[] | undefined): AllowedMentions {
  if (userIds === undefined || userIds.length === 0) return { parse: [] };
  return { users: [...new Set(userIds)] };
}

/**
 * A new message (reply, follow-up, DM, channel post). `mentionUserIds` lists the only members the
 * message may ping; by default it pings nobody.
 */
export function renderMessage(message: MessageSpec, options: { mentionUserIds?: readonly string[] } = {}): RenderedMessage {
  const clamped = clampMessage(message);
  const out: RenderedMessage = {
    embeds: (clamped.embeds ?? []).map(renderEmbed),
    components: renderRows(clamped.buttons),
    allowedMentions: mentionsOnly(options.mentionUserIds),
    ...renderFiles(clamped.files),
  };
  if (clamped.content !== undefined) out.content = clamped.content;
  if (clamped.ephemeral === true) out.flags = MessageFlags.Ephemeral;
  return out;
}

/** A replacement of an existing message (editReply, button update). Ephemerality cannot change. */
export function renderEdit(message: MessageSpec): RenderedEdit {
  const clamped = clampMessage(message);
  return {
    content: clamped.content ?? "",
    embeds: (clamped.embeds ?? []).map(renderEmbed),
    components: renderRows(clamped.buttons),
    allowedMentions: { parse: [] },
    ...renderFiles(clamped.files),
  };
}

/** A message outside any interaction (DM, channel or thread post): never ephemeral, no flags. */
export type RenderedChannelMessage = Omit<RenderedMessage, "flags">;

export function renderChannelMessage(
  message: MessageSpec,
  options: { mentionUserIds?: readonly string[] } = {},
): RenderedChannelMessage {
  const { flags: _flags, ...rest } = renderMessage(message, options);
  return rest;
}

/**
 * The DM-closed fallback posted in a server channel: the generic notice (no personal text; see
 * interaction/fallback.ts), pinging that member and nobody else.
 */
export function renderChannelFallback(userId: string): RenderedChannelMessage {
  return renderChannelMessage(dmFallbackNotice(userId), { mentionUserIds: [userId] });
}

function renderTextInput(field: ModalFieldSpec): APITextInputComponent {
  const input: APITextInputComponent = {
    type: ComponentType.TextInput,
    custom_id: field.customId,
    label: truncate(field.label, 45),
    style: field.style === "paragraph" ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: field.required,
  };
  if (field.minLength !== undefined) input.min_length = field.minLength;
  if (field.maxLength !== undefined) input.max_length = field.maxLength;
  if (field.placeholder !== undefined) input.placeholder = truncate(field.placeholder, 100);
  if (field.value !== undefined) input.value = field.maxLength === undefined ? field.value : truncate(field.value, field.maxLength);
  return input;
}

/**
 * A modal: each field in its own action row (Discord's documented modal layout for text inputs;
 * at most 5 rows). Title is cut to 45 characters, Discord's limit.
 */
export function renderModal(modal: ModalSpec): APIModalInteractionResponseCallbackData {
  return {
    custom_id: modal.customId,
    title: truncate(modal.title, 45),
    components: modal.fields.slice(0, 5).map((field) => ({
      type: ComponentType.ActionRow,
      components: [renderTextInput(field)],
    })),
  };
}
