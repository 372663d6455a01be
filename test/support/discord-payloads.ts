// Builders for raw INTERACTION_CREATE payloads, shaped as Discord documents them
// (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object)
// and typed with discord-api-types so a missing field is a compile error, not a silent mismatch.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  type GuildMemberFlags,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
  PermissionFlagsBits,
  type APIAttachment,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionDataResolvedGuildMember,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIModalSubmitInteraction,
  type APIUser,
} from "discord-api-types/v10";

let counter = 0n;
/** A fresh, valid-looking snowflake (19 digits), unique within the test process. */
export function nextSnowflake(): string {
  counter += 1n;
  return (1_200_000_000_000_000_000n + BigInt(process.pid) * 1_000_000n + counter).toString();
}

export function apiUser(input: { id?: string; username?: string; globalName?: string | null; bot?: boolean } = {}): APIUser {
  const id = input.id ?? nextSnowflake();
  return {
    id,
    username: input.username ?? `member${id.slice(-4)}`,
    global_name: input.globalName === undefined ? null : input.globalName,
    discriminator: "0",
    avatar: null,
    ...(input.bot === true ? { bot: true } : {}),
  };
}

/** Someone who uses the bot: a user plus, in a guild, their member data. */
export interface TestMember {
  user: APIUser;
  nick?: string | null;
  roles?: string[];
  /** Permissions Discord computed for the member in the channel. Default: a plain member's. */
  permissions?: bigint;
}

export const MEMBER_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands;

export const MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild;

/** What a bot is typically granted: enough to post, open private threads and give roles. */
export const APP_PERMISSIONS =
  MEMBER_PERMISSIONS |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ManageRoles;

export function testMember(input: {
  username?: string;
  globalName?: string | null;
  nick?: string | null;
  roles?: string[];
  permissions?: bigint;
  id?: string;
} = {}): TestMember {
  return {
    user: apiUser({ id: input.id, username: input.username, globalName: input.globalName }),
    nick: input.nick ?? null,
    roles: input.roles ?? [],
    permissions: input.permissions ?? MEMBER_PERMISSIONS,
  };
}

export function testModerator(input: Parameters<typeof testMember>[0] = {}): TestMember {
  return testMember({ ...input, permissions: input.permissions ?? MODERATOR_PERMISSIONS });
}

function interactionMember(member: TestMember): APIInteractionGuildMember {
  return {
    user: member.user,
    nick: member.nick ?? null,
    avatar: null,
    roles: member.roles ?? [],
    joined_at: "2024-01-01T00:00:00.000Z",
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    permissions: (member.permissions ?? MEMBER_PERMISSIONS).toString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Options

const RESOLVED = Symbol("resolved user");
const RESOLVED_ATTACHMENT = Symbol("resolved attachment");

type UserOption = APIApplicationCommandInteractionDataBasicOption & {
  [RESOLVED]?: { user: APIUser; member?: APIInteractionDataResolvedGuildMember };
  [RESOLVED_ATTACHMENT]?: APIAttachment;
};
export type TestOption = UserOption | APIApplicationCommandInteractionDataOption;

export const option = {
  string: (name: string, value: string): TestOption => ({ name, type: ApplicationCommandOptionType.String, value }),
  integer: (name: string, value: number): TestOption => ({ name, type: ApplicationCommandOptionType.Integer, value }),
  number: (name: string, value: number): TestOption => ({ name, type: ApplicationCommandOptionType.Number, value }),
  boolean: (name: string, value: boolean): TestOption => ({ name, type: ApplicationCommandOptionType.Boolean, value }),
  channel: (name: string, value: string): TestOption => ({ name, type: ApplicationCommandOptionType.Channel, value }),
  role: (name: string, value: string): TestOption => ({ name, type: ApplicationCommandOptionType.Role, value }),
  /** An ATTACHMENT option (type 11): its value is the attachment's id, the file goes into `data.resolved.attachments`. */
  attachment: (name: string, file: { filename: string; url: string; contentType?: string; size?: number }): TestOption => {
    const id = nextSnowflake();
    const attachment: APIAttachment = {
      id,
      filename: file.filename,
      size: file.size ?? 100,
      url: file.url,
      proxy_url: file.url,
      ...(file.contentType === undefined ? {} : { content_type: file.contentType }),
    };
    const out: UserOption = { name, type: ApplicationCommandOptionType.Attachment, value: id };
    Object.defineProperty(out, RESOLVED_ATTACHMENT, { value: attachment, enumerable: false });
    return out;
  },
  /** A USER option; the user (and member, in guilds) go into `data.resolved` as Discord does. */
  user: (name: string, who: TestMember | APIUser): TestOption => {
    const member = "user" in who ? who : undefined;
    const user = "user" in who ? who.user : who;
    const resolvedMember: APIInteractionDataResolvedGuildMember | undefined =
      member === undefined
        ? undefined
        : {
            nick: member.nick ?? null,
            avatar: null,
            roles: member.roles ?? [],
            joined_at: "2024-01-01T00:00:00.000Z",
            premium_since: null,
            flags: 0 as GuildMemberFlags,
            pending: false,
            permissions: (member.permissions ?? MEMBER_PERMISSIONS).toString(),
          };
    const out: UserOption = { name, type: ApplicationCommandOptionType.User, value: user.id };
    Object.defineProperty(out, RESOLVED, { value: { user, member: resolvedMember }, enumerable: false });
    return out;
  },
};

function collectResolved(options: readonly TestOption[], inGuild: boolean) {
  const users: Record<string, APIUser> = {};
  const members: Record<string, APIInteractionDataResolvedGuildMember> = {};
  const attachments: Record<string, APIAttachment> = {};
  const visit = (list: readonly TestOption[]) => {
    for (const o of list) {
      const file = (o as UserOption)[RESOLVED_ATTACHMENT];
      if (file !== undefined) attachments[file.id] = file;
      const resolved = (o as UserOption)[RESOLVED];
      if (resolved !== undefined) {
        users[resolved.user.id] = resolved.user;
        if (inGuild && resolved.member !== undefined) members[resolved.user.id] = resolved.member;
      }
      if ("options" in o && o.options !== undefined) visit(o.options);
    }
  };
  visit(options);
  const files = Object.keys(attachments).length === 0 ? {} : { attachments };
  if (Object.keys(users).length === 0) return Object.keys(files).length === 0 ? undefined : files;
  return Object.keys(members).length === 0 ? { users, ...files } : { users, members, ...files };
}

/** Wraps leaf options into `subcommand` (and `group`) the way Discord nests them. */
function nest(options: readonly TestOption[], subcommand?: string, group?: string): APIApplicationCommandInteractionDataOption[] {
  let level = options as APIApplicationCommandInteractionDataOption[];
  if (subcommand !== undefined) {
    level = [{ name: subcommand, type: ApplicationCommandOptionType.Subcommand, options: level as APIApplicationCommandInteractionDataBasicOption[] }];
  }
  if (group !== undefined) {
    if (subcommand === undefined) throw new Error("a subcommand group needs a subcommand");
    level = [{ name: group, type: ApplicationCommandOptionType.SubcommandGroup, options: level as never }];
  }
  return level;
}

// ---------------------------------------------------------------------------------------------
// Interactions

export interface InteractionBase {
  applicationId: string;
  /** null: the interaction happens in a DM with the bot. */
  guildId: string | null;
  channelId: string;
  invoker: TestMember;
  id?: string;
  token?: string;
  locale?: Locale;
}

function base<T extends InteractionType>(type: T, input: InteractionBase) {
  const id = input.id ?? nextSnowflake();
  const common = {
    id,
    application_id: input.applicationId,
    type,
    token: input.token ?? `token-${id}`,
    version: 1 as const,
    app_permissions: APP_PERMISSIONS.toString(),
    locale: input.locale ?? Locale.EnglishUS,
    entitlements: [],
    attachment_size_limit: 10_485_760,
    channel_id: input.channelId,
  };
  if (input.guildId === null) {
    return {
      ...common,
      user: input.invoker.user,
      channel: { id: input.channelId, type: ChannelType.DM as const },
      authorizing_integration_owners: { "0": input.applicationId } as Record<string, string>,
      context: InteractionContextType.BotDM,
    };
  }
  return {
    ...common,
    guild_id: input.guildId,
    guild: { id: input.guildId, locale: Locale.EnglishUS, features: [] },
    guild_locale: Locale.EnglishUS,
    member: interactionMember(input.invoker),
    channel: { id: input.channelId, type: ChannelType.GuildText as const, guild_id: input.guildId, name: "mentoring" },
    authorizing_integration_owners: { "0": input.guildId } as Record<string, string>,
    context: InteractionContextType.Guild,
  };
}

export interface CommandInput {
  name: string;
  subcommand?: string;
  group?: string;
  options?: readonly TestOption[];
}

/** Application command (type 2), chat input (data.type 1), with resolved users. */
export function chatInputPayload(input: InteractionBase & CommandInput): APIChatInputApplicationCommandInteraction {
  const options = input.options ?? [];
  const resolved = collectResolved(options, input.guildId !== null);
  return {
    ...base(InteractionType.ApplicationCommand, input),
    data: {
      id: nextSnowflake(),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      options: nest(options, input.subcommand, input.group),
      ...(input.guildId === null ? {} : { guild_id: input.guildId }),
      ...(resolved === undefined ? {} : { resolved }),
    },
  };
}

/**
 * Autocomplete (type 4): the option named `focused` carries `focused: true` and the partial text
 * typed so far as a string (Discord sends it as a string even for numeric options).
 */
export function autocompletePayload(
  input: InteractionBase & CommandInput & { focused: { name: string; value: string } },
): APIApplicationCommandAutocompleteInteraction {
  const others = (input.options ?? []).filter((o) => o.name !== input.focused.name);
  const focused = {
    name: input.focused.name,
    type: ApplicationCommandOptionType.String,
    value: input.focused.value,
    focused: true,
  } as APIApplicationCommandInteractionDataBasicOption;
  return {
    ...base(InteractionType.ApplicationCommandAutocomplete, input),
    data: {
      id: nextSnowflake(),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      options: nest([...others, focused], input.subcommand, input.group),
      ...(input.guildId === null ? {} : { guild_id: input.guildId }),
    },
  };
}

/** A message the bot sent earlier, carrying the given component rows (default: one button). */
export function botMessage(input: {
  applicationId: string;
  channelId: string;
  guildId: string | null;
  components?: APIMessage["components"];
  content?: string;
  embeds?: APIMessage["embeds"];
  flags?: number;
  id?: string;
}): APIMessage {
  return {
    id: input.id ?? nextSnowflake(),
    type: MessageType.Default,
    channel_id: input.channelId,
    author: { id: input.applicationId, username: "mentor-bot", global_name: "Mentor Bot", discriminator: "0", avatar: null, bot: true },
    content: input.content ?? "",
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: input.embeds ?? [],
    components: input.components ?? [],
    pinned: false,
    flags: input.flags ?? 0,
    application_id: input.applicationId,
    webhook_id: input.applicationId,
  };
}

/** Message component (type 3), a button (component_type 2) on `message`. */
export function buttonPayload(
  input: InteractionBase & { customId: string; message?: APIMessage },
): APIMessageComponentButtonInteraction {
  const message =
    input.message ??
    botMessage({
      applicationId: input.applicationId,
      channelId: input.channelId,
      guildId: input.guildId,
      components: [
        { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: "Go", custom_id: input.customId }] },
      ],
    });
  return {
    ...base(InteractionType.MessageComponent, input),
    message,
    data: { custom_id: input.customId, component_type: ComponentType.Button },
  };
}

/** Modal submit (type 5): each field a text input (type 4) in its own action row. */
export function modalSubmitPayload(
  input: InteractionBase & { customId: string; fields: Record<string, string>; message?: APIMessage },
): APIModalSubmitInteraction {
  return {
    ...base(InteractionType.ModalSubmit, input),
    ...(input.message === undefined ? {} : { message: input.message }),
    data: {
      custom_id: input.customId,
      components: Object.entries(input.fields).map(([customId, value]) => ({
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: customId, value }],
      })),
    },
  };
}
