// Adapts discord.js interactions to the transport-independent contexts and responders in
// src/interaction/types.ts. Nothing past this file sees a discord.js object.
import {
  ApplicationCommandOptionType,
  ComponentType,
  GuildMember,
  MessageFlags,
  PermissionFlagsBits,
  type APIInteractionDataResolvedGuildMember,
  type APIInteractionGuildMember,
  type AutocompleteInteraction,
  type BaseInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type ModalSubmitInteraction,
  type User,
} from "discord.js";
import { LIMITS, truncate } from "../interaction/limits.js";
import type {
  Actor,
  AutocompleteChoice,
  AutocompleteInteractionContext,
  AutocompleteResponder,
  CommandInteractionContext,
  ComponentInteractionContext,
  MessageSpec,
  ModalInteractionContext,
  ModalSpec,
  OptionValue,
  Responder,
} from "../interaction/types.js";
import { ResponseState, type AnsweredKind, type ResponseCall } from "../interaction/responder-state.js";
import type { Logger } from "../logger.js";
import { isInteractionGone, logDiscordError } from "./errors.js";
import { renderEdit, renderMessage, renderModal } from "./render.js";

type AnyMember = GuildMember | APIInteractionGuildMember | APIInteractionDataResolvedGuildMember;

/** Server nickname, then global display name, then username. */
export function displayNameOf(user: User, member: AnyMember | null | undefined): string {
  let nick: string | null | undefined;
  if (member instanceof GuildMember) nick = member.nickname;
  else if (member !== null && member !== undefined) nick = member.nick;
  return nick ?? user.globalName ?? user.username;
}

function memberRoleIds(interaction: BaseInteraction): string[] {
  const member = interaction.member;
  if (member === null) return [];
  if (member instanceof GuildMember) {
    // The cache view adds @everyone (whose id is the guild id); the API's list never includes it.
    return [...member.roles.cache.keys()].filter((id) => id !== interaction.guildId);
  }
  return [...member.roles];
}

function baseContext(interaction: BaseInteraction) {
  const user: Actor = { id: interaction.user.id, displayName: displayNameOf(interaction.user, interaction.member) };
  return {
    user,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    // Checked here from the permissions Discord computed for this member in this channel, not
    // trusted from the command's default_member_permissions (which server admins can override).
    // `has` counts Administrator as every permission.
    canManageGuild:
      interaction.inGuild() && (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false),
    memberRoleIds: memberRoleIds(interaction),
  };
}

function optionValue(option: CommandInteractionOption): OptionValue | undefined {
  switch (option.type) {
    case ApplicationCommandOptionType.User: {
      const id = String(option.value ?? option.user?.id ?? "");
      if (id === "") return undefined;
      if (option.user === undefined) return { id, displayName: id, bot: false };
      return { id, displayName: displayNameOf(option.user, option.member), bot: option.user.bot };
    }
    case ApplicationCommandOptionType.Attachment:
      return option.attachment?.url;
    default:
      // Strings, integers, numbers, booleans; channel, role and mentionable options are ids.
      return option.value;
  }
}

interface FlatOptions {
  subcommand: string | null;
  options: Record<string, OptionValue>;
}

/**
 * Flattens `options.data` into `{ name: value }`. A subcommand group and its subcommand become
 * `subcommand: "group sub"`; a plain subcommand is just its name.
 */
export function flattenOptions(data: readonly CommandInteractionOption[]): FlatOptions {
  const path: string[] = [];
  const options: Record<string, OptionValue> = {};
  let level: readonly CommandInteractionOption[] = data;
  for (;;) {
    const nested = level.find(
      (o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (nested === undefined) break;
    path.push(nested.name);
    level = nested.options ?? [];
  }
  for (const option of level) {
    const value = optionValue(option);
    if (value !== undefined) options[option.name] = value;
  }
  return { subcommand: path.length === 0 ? null : path.join(" "), options };
}

export function commandContext(interaction: ChatInputCommandInteraction): CommandInteractionContext {
  const { subcommand, options } = flattenOptions(interaction.options.data);
  return { kind: "command", ...baseContext(interaction), commandName: interaction.commandName, subcommand, options };
}

export function autocompleteContext(interaction: AutocompleteInteraction): AutocompleteInteractionContext {
  const { subcommand, options } = flattenOptions(interaction.options.data);
  const focused = interaction.options.getFocused(true);
  return {
    kind: "autocomplete",
    ...baseContext(interaction),
    commandName: interaction.commandName,
    subcommand,
    focused: { name: focused.name, value: String(focused.value) },
    options,
  };
}

export function buttonContext(interaction: ButtonInteraction): ComponentInteractionContext {
  return { kind: "button", ...baseContext(interaction), customId: interaction.customId };
}

export function modalContext(interaction: ModalSubmitInteraction): ModalInteractionContext {
  const fields: Record<string, string> = {};
  for (const [id, field] of interaction.fields.fields) {
    if (field.type === ComponentType.TextInput) fields[id] = field.value;
  }
  return { kind: "modal", ...baseContext(interaction), customId: interaction.customId, fields };
}

export type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/** What kind of answer an interaction allows (update() and showModal() depend on it). */
export function answeredKind(interaction: RepliableInteraction): AnsweredKind {
  if (interaction.isChatInputCommand()) return "command";
  if (interaction.isButton()) return "button";
  return interaction.isFromMessage() ? "modal-from-button" : "modal";
}

/**
 * A Responder over one discord.js interaction. Every call is first checked by the shared
 * ResponseState (the same rules the console and the tests apply). When the interaction can no
 * longer be answered (10062: the 3-second window passed; 10015: token expired; 40060: answered
 * elsewhere) the failure is logged once and every later call is a no-op, so a slow handler never
 * crashes the process.
 */
export function createResponder(interaction: RepliableInteraction, logger: Logger): Responder {
  const log = { interactionId: interaction.id, guildId: interaction.guildId, userId: interaction.user.id };
  const state = new ResponseState(answeredKind(interaction));
  let gone = false;

  async function guarded(action: ResponseCall, send: () => Promise<unknown>): Promise<void> {
    state.apply(action);
    if (gone) {
      logger.debug({ ...log, action }, "interaction already expired; not sending");
      return;
    }
    try {
      await send();
    } catch (error) {
      if (!isInteractionGone(error)) throw error;
      gone = true;
      logDiscordError(logger, error, { ...log, action }, "could not answer interaction");
    }
  }

  return {
    get replied() {
      return state.replied;
    },
    get deferred() {
      return state.deferred;
    },
    reply: (message: MessageSpec) => guarded("reply", () => interaction.reply(renderMessage(message))),
    defer: ({ ephemeral }) =>
      guarded("defer", () => interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {})),
    editReply: (message: MessageSpec) => guarded("editReply", () => interaction.editReply(renderEdit(message))),
    followUp: (message: MessageSpec) => guarded("followUp", () => interaction.followUp(renderMessage(message))),
    update: (message: MessageSpec) =>
      guarded("update", () => {
        if (interaction.isButton()) return interaction.update(renderEdit(message));
        if (interaction.isModalSubmit() && interaction.isFromMessage()) return interaction.update(renderEdit(message));
        throw new Error("unreachable: ResponseState allows update() only for buttons and forms opened from one");
      }),
    showModal: (modal: ModalSpec) =>
      guarded("showModal", () => {
        if (interaction.isModalSubmit()) throw new Error("unreachable: ResponseState refuses a modal in answer to a modal");
        return interaction.showModal(renderModal(modal));
      }),
  };
}

/** An AutocompleteResponder: at most 25 choices, names and values cut to 100 characters, answered once. */
export function createAutocompleteResponder(interaction: AutocompleteInteraction, logger: Logger): AutocompleteResponder {
  return {
    async respond(choices: AutocompleteChoice[]) {
      if (interaction.responded) return;
      const clamped = choices.slice(0, LIMITS.autocompleteChoices).map((c) => ({
        name: truncate(c.name, LIMITS.choiceName) || "\u200b",
        value: c.value.slice(0, LIMITS.choiceValue),
      }));
      try {
        await interaction.respond(clamped);
      } catch (error) {
        // Autocomplete is best effort: the member typed on and Discord stopped waiting.
        if (!isInteractionGone(error)) throw error;
        logDiscordError(logger, error, { interactionId: interaction.id, action: "autocomplete" }, "autocomplete answer too late");
      }
    },
  };
}
