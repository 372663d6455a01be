// The transport-independent interaction contract. Command handlers see only these types; there is
// one implementation over discord.js (src/discord/) and one for the local console and tests
// (src/console/). Messages are described in our own small vocabulary and converted at the edge.

export type ButtonStyle = "primary" | "secondary" | "success" | "danger";

export interface ButtonSpec {
  /** "<command>:<action>:<id>", routed back to the command that created it. */
  customId: string;
  label: string;
  style: ButtonStyle;
  disabled?: boolean;
}

export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface EmbedSpec {
  title?: string;
  description?: string;
  fields?: EmbedField[];
  footer?: string;
  color?: number;
}

/** A file sent with a message (an .ics invite, a data export, a chart). */
export interface FileSpec {
  /** File name as members see it, e.g. "session.ics"; letters, digits, dot, dash, underscore. */
  name: string;
  data: Uint8Array | string;
  /** Alt text (Discord shows it to screen readers). */
  description?: string;
}

export interface MessageSpec {
  content?: string;
  embeds?: EmbedSpec[];
  /** At most 10, 8 MiB in all (Discord's limit for bots in any server). */
  files?: FileSpec[];
  /** Rows of at most 5 buttons; at most 5 rows. */
  buttons?: ButtonSpec[][];
  /** Visible only to the person who used the command (personal data and every error). */
  ephemeral?: boolean;
}

export interface ModalFieldSpec {
  customId: string;
  label: string;
  style: "short" | "paragraph";
  required: boolean;
  minLength?: number;
  maxLength?: number;
  placeholder?: string;
  value?: string;
}

export interface ModalSpec {
  customId: string;
  title: string;
  fields: ModalFieldSpec[];
}

export interface AutocompleteChoice {
  name: string;
  value: string;
}

export interface Actor {
  id: string;
  /** Name shown to others (server nickname or global name). */
  displayName: string;
}

/** A user option as resolved by the transport (Discord resolves mentions for us). */
export interface UserOptionValue {
  id: string;
  displayName: string;
  bot: boolean;
}

export type OptionValue = string | number | boolean | UserOptionValue;

interface BaseContext {
  user: Actor;
  /** null in DMs (buttons on a DM the bot sent). */
  guildId: string | null;
  channelId: string | null;
  /** Member has Manage Server in this guild (computed server-side from the member's permissions). */
  canManageGuild: boolean;
  /** Role ids the member has in this guild. */
  memberRoleIds: readonly string[];
}

export interface CommandInteractionContext extends BaseContext {
  kind: "command";
  commandName: string;
  subcommand: string | null;
  options: Readonly<Record<string, OptionValue>>;
}

export interface ComponentInteractionContext extends BaseContext {
  kind: "button";
  customId: string;
}

export interface ModalInteractionContext extends BaseContext {
  kind: "modal";
  customId: string;
  fields: Readonly<Record<string, string>>;
}

export interface AutocompleteInteractionContext extends BaseContext {
  kind: "autocomplete";
  commandName: string;
  subcommand: string | null;
  focused: { name: string; value: string };
  options: Readonly<Record<string, OptionValue>>;
}

/** What a handler can do in answer to an interaction. Exactly one initial response. */
export interface Responder {
  reply(message: MessageSpec): Promise<void>;
  /** Acknowledge now, answer later with editReply (for slow work such as a matching round). */
  defer(options: { ephemeral: boolean }): Promise<void>;
  editReply(message: MessageSpec): Promise<void>;
  followUp(message: MessageSpec): Promise<void>;
  /** For buttons: replace the message the button was on (e.g. disable handled buttons). */
  update(message: MessageSpec): Promise<void>;
  showModal(modal: ModalSpec): Promise<void>;
  readonly replied: boolean;
  readonly deferred: boolean;
}

export interface AutocompleteResponder {
  respond(choices: AutocompleteChoice[]): Promise<void>;
}

/**
 * A Discord Guild Scheduled Event as the bot creates it (privacy level "guild only"). With a voice
 * or stage channel the event takes place there; without one it is an external event at `location`
 * (Discord then requires the end time).
 */
export interface ScheduledEventSpec {
  /** 1–100 characters. */
  name: string;
  /** At most 1,000 characters. */
  description?: string;
  startsAt: Date;
  endsAt: Date;
  /** A voice or stage channel; null: an external event. */
  channelId: string | null;
  /** Where an external event happens (at most 100 characters), e.g. the link of its sign-up thread. */
  location?: string;
}

/** How creating a scheduled event went: its id, or why Discord refused (nothing was created then). */
export type ScheduledEventResult =
  | { ok: true; eventId: string }
  | { ok: false; reason: "missing-permission" | "bad-channel" | "failed" };

/** Where a public post went: the thread it opened (or null) and the message holding it. */
export interface PublicPost {
  threadId: string | null;
  /** The thread, or the channel itself when no thread could be opened; null when nothing was posted. */
  channelId: string | null;
  messageId: string | null;
}

/** Side channels to people other than the one interacting. */
export interface Notifier {
  /**
   * Sends a direct message. When DMs are closed and `fallbackChannelId` is given, posts in that
   * channel mentioning only that user. Returns where it went.
   */
  notifyUser(
    guildId: string,
    userId: string,
    message: MessageSpec,
    options?: { fallbackChannelId?: string | null },
  ): Promise<"dm" | "channel" | "failed">;
  /**
   * Opens a private space for an active pair: a private thread in `channelId` when set and the
   * bot may, otherwise the starter message goes to both by DM. Returns the thread id if any.
   */
  openPairSpace(input: {
    guildId: string;
    channelId: string | null;
    name: string;
    userIds: [string, string];
    starter: MessageSpec;
  }): Promise<{ threadId: string | null }>;
  /**
   * Posts in a pair's private space: their thread when `threadId` is set and still usable,
   * otherwise to both by DM. "thread" or "dm" when it reached them, "failed" when it reached nobody.
   */
  postToPair(input: { guildId: string; threadId: string | null; userIds: readonly string[]; message: MessageSpec }): Promise<"thread" | "dm" | "failed">;
  /** Gives a role to a member; false when it could not (missing permission, unknown role). */
  addRole(guildId: string, userId: string, roleId: string): Promise<boolean>;
  /** Creates a Guild Scheduled Event (needs the bot's Create Events permission). Never throws. */
  createScheduledEvent(guildId: string, spec: ScheduledEventSpec): Promise<ScheduledEventResult>;
  /** Sets an external event's location, or cancels the event; false when it could not. */
  updateScheduledEvent(guildId: string, eventId: string, change: { location: string } | { cancel: true }): Promise<boolean>;
  /**
   * Opens a public thread in `channelId` and posts `message` as its first message; when no thread
   * can be opened there, posts in the channel itself. Pings nobody.
   */
  openPublicThread(input: { guildId: string; channelId: string; name: string; message: MessageSpec }): Promise<PublicPost>;
  /** Posts in a thread or channel (pings nobody); false when it could not. */
  postInChannel(guildId: string, channelId: string, message: MessageSpec): Promise<boolean>;
}
