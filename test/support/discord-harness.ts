// End-to-end harness: a real discord.js Client built by src/bot.ts, its REST pointed at a loopback
// fake of Discord's API (discord-server.ts), interactions fed through the gateway's dispatch path
// (`client.actions.InteractionCreate.handle`). Tests drive commands, buttons, modals and
// autocomplete and assert on the exact HTTP requests the bot sends.
//
//   const h = await createDiscordHarness({ commands: [myCommand], deps: { db, logger: silentLogger, clock } });
//   const out = await h.command({ name: "mentor", subcommand: "profile", options: [option.string("industry", "tech")] });
//   out.callback?.type  // 4
//   await h.close();
import type { APIGuild, APIInteraction, APIMessage, APIRole, APIUser } from "discord-api-types/v10";
import { ClientApplication, ClientUser, type Client, type Guild } from "discord.js";
import { createBot, createNotifier, type Bot } from "../../src/bot.js";
import type { CommandModule, Deps } from "../../src/interaction/command.js";
import { createRouter } from "../../src/interaction/router.js";
import type { Notifier } from "../../src/interaction/types.js";
import {
  autocompletePayload,
  botMessage,
  buttonPayload,
  chatInputPayload,
  modalSubmitPayload,
  nextSnowflake,
  testMember,
  type CommandInput,
  type TestMember,
} from "./discord-payloads.js";
import { startFakeDiscord, type FakeDiscordServer, type RecordedRequest } from "./discord-server.js";

export * from "./discord-payloads.js";
export * from "./discord-server.js";

/** One interaction callback as Discord receives it. */
export interface InteractionCallback {
  /** 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete result, 9 modal. */
  type: number;
  data?: Record<string, unknown>;
}

/** Everything the bot sent in answer to one interaction. */
export interface InteractionOutcome {
  interactionId: string;
  token: string;
  /** The initial response (POST .../callback), if any. */
  callback: InteractionCallback | undefined;
  callbacks: InteractionCallback[];
  /** Follow-ups (POST /webhooks/<app>/<token>) and edits (PATCH .../messages/@original). */
  webhooks: RecordedRequest[];
  /** Every request carrying this interaction's token, in order. */
  requests: RecordedRequest[];
}

/** Where an interaction happens and who makes it; every field has a default. */
export interface Origin {
  as?: TestMember;
  /** null: in a DM with the bot. Default: the harness guild. */
  guildId?: string | null;
  channelId?: string;
}

export interface DiscordHarness {
  server: FakeDiscordServer;
  bot: Bot;
  client: Client;
  applicationId: string;
  guildId: string;
  channelId: string;
  /** The default invoker (a plain member). */
  member: TestMember;
  /** The Notifier the commands got (the real Discord one unless overridden). */
  notifier: Notifier;
  /**
   * Puts the harness guild in the client's cache, as GUILD_CREATE does in production (Guilds
   * intent): interactions then carry real GuildMember objects and the notifier skips guild fetches.
   */
  cacheGuild(input?: { roles?: { id: string; name: string }[]; channels?: { id: string; name: string; type?: number }[] }): Guild;
  /** Feeds a raw INTERACTION_CREATE payload through the gateway path and waits until it is handled. */
  dispatch(payload: APIInteraction): Promise<InteractionOutcome>;
  /** Feeds a payload without waiting (lifecycle tests); `bot.idle()` waits for it. */
  inject(payload: APIInteraction): void;
  /** Builds payloads with the harness defaults filled in (for `inject`, or to tweak before `dispatch`). */
  payload: {
    command(input: CommandInput & Origin): APIInteraction;
    autocomplete(input: CommandInput & Origin & { focused: { name: string; value: string } }): APIInteraction;
    button(input: { customId: string; message?: APIMessage } & Origin): APIInteraction;
    modal(input: { customId: string; fields: Record<string, string>; message?: APIMessage } & Origin): APIInteraction;
  };
  command(input: CommandInput & Origin): Promise<InteractionOutcome>;
  autocomplete(input: CommandInput & Origin & { focused: { name: string; value: string } }): Promise<InteractionOutcome>;
  /** Presses a button; `message` defaults to a bot message holding just that button. */
  button(input: { customId: string; message?: APIMessage } & Origin): Promise<InteractionOutcome>;
  modal(input: { customId: string; fields: Record<string, string>; message?: APIMessage } & Origin): Promise<InteractionOutcome>;
  /** The message a reply/follow-up created, as a bot message with its components (to press its buttons). */
  messageFrom(outcome: InteractionOutcome, origin?: Origin): APIMessage;
  close(): Promise<void>;
}

export interface HarnessOptions {
  commands: readonly CommandModule[];
  /** Deps without the notifier: the harness adds the real Discord notifier over its client. */
  deps: Omit<Deps, "notifier"> & { notifier?: Notifier };
  guildId?: string;
  channelId?: string;
  tick?: () => Promise<void>;
  tickIntervalMs?: number;
  shutdownTimeoutMs?: number;
}

/** discord.js internals the gateway would drive; used only to stand in for the gateway. */
interface ClientInternals {
  actions: { InteractionCreate: { handle(data: unknown): void } };
  user: ClientUser | null;
  application: ClientApplication | null;
  users: { cache: Map<string, unknown> };
  guilds: { _add(data: unknown): Guild };
}

/**
 * What the READY dispatch does on login: sets `client.user` and `client.application`. Without it,
 * discord.js code that compares against the bot's own id (DM channel lookup) fails.
 */
function simulateReady(client: Client, botUser: APIUser): void {
  const internals = client as unknown as ClientInternals;
  const User = ClientUser as unknown as new (client: Client, data: APIUser) => ClientUser;
  const Application = ClientApplication as unknown as new (client: Client, data: { id: string; flags: number }) => ClientApplication;
  const user = new User(client, botUser);
  internals.user = user;
  internals.users.cache.set(user.id, user);
  internals.application = new Application(client, { id: botUser.id, flags: 0 });
}

function callbacksOf(requests: readonly RecordedRequest[]): InteractionCallback[] {
  return requests.filter((r) => r.method === "POST" && /\/interactions\/\d+\/[^/]+\/callback$/.test(r.path)).map((r) => r.body as InteractionCallback);
}

export async function createDiscordHarness(options: HarnessOptions): Promise<DiscordHarness> {
  const guildId = options.guildId ?? nextSnowflake();
  const channelId = options.channelId ?? nextSnowflake();
  const server = await startFakeDiscord({ guildId });
  const applicationId = server.applicationId;
  let notifier: Notifier | undefined = options.deps.notifier;

  const bot = createBot({
    config: { discordToken: undefined, discordApiUrl: server.apiUrl },
    logger: options.deps.logger,
    ...(options.tick === undefined ? {} : { tick: options.tick }),
    ...(options.tickIntervalMs === undefined ? {} : { tickIntervalMs: options.tickIntervalMs }),
    ...(options.shutdownTimeoutMs === undefined ? {} : { shutdownTimeoutMs: options.shutdownTimeoutMs }),
    router: (client) => {
      notifier ??= createNotifier(client, options.deps.logger);
      return createRouter(options.commands, { ...options.deps, notifier });
    },
  });
  // No gateway login: REST calls only need a token to put in the Authorization header.
  bot.client.rest.setToken("test.dummy.token");
  simulateReady(bot.client, { id: applicationId, username: "mentor-bot", global_name: "Mentor Bot", discriminator: "0", avatar: null, bot: true });
  await bot.start({ login: false });
  const member = testMember({ username: "alex" });

  function where(origin: Origin) {
    return {
      applicationId,
      guildId: origin.guildId === undefined ? guildId : origin.guildId,
      channelId: origin.channelId ?? channelId,
      invoker: origin.as ?? member,
    };
  }

  function inject(payload: APIInteraction): void {
    (bot.client as unknown as ClientInternals).actions.InteractionCreate.handle(payload);
  }

  async function dispatch(payload: APIInteraction): Promise<InteractionOutcome> {
    const before = server.requests.length;
    inject(payload);
    await bot.idle();
    const requests = server.requests.slice(before).filter((r) => r.path.includes(`/${payload.token}`));
    const callbacks = callbacksOf(requests);
    return {
      interactionId: payload.id,
      token: payload.token,
      callback: callbacks[0],
      callbacks,
      webhooks: requests.filter((r) => r.path.includes("/webhooks/")),
      requests,
    };
  }

  return {
    server,
    bot,
    client: bot.client,
    applicationId,
    guildId,
    channelId,
    member,
    get notifier(): Notifier {
      if (notifier === undefined) throw new Error("router not built yet");
      return notifier;
    },
    cacheGuild(input = {}) {
      const role = (id: string, name: string, position: number): APIRole => ({
        id,
        name,
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position,
        permissions: "0",
        managed: false,
        mentionable: false,
        flags: 0 as APIRole["flags"],
      });
      const guild: Partial<APIGuild> & { channels: unknown[]; members: unknown[]; member_count: number } = {
        id: guildId,
        name: "Careers Community",
        icon: null,
        owner_id: nextSnowflake(),
        roles: [role(guildId, "@everyone", 0), ...(input.roles ?? []).map((r, i) => role(r.id, r.name, i + 1))],
        emojis: [],
        stickers: [],
        features: [],
        preferred_locale: "en-US" as APIGuild["preferred_locale"],
        member_count: 2,
        members: [],
        channels: [
          { id: channelId, type: 0, guild_id: guildId, name: "mentoring", position: 0, permission_overwrites: [], nsfw: false, parent_id: null },
          ...(input.channels ?? []).map((c, i) => ({ id: c.id, type: c.type ?? 0, guild_id: guildId, name: c.name, position: i + 1, permission_overwrites: [], nsfw: false, parent_id: null })),
        ],
      };
      return (bot.client as unknown as ClientInternals).guilds._add(guild);
    },
    dispatch,
    inject,
    payload: {
      command: (input) => chatInputPayload({ ...where(input), ...input }),
      autocomplete: (input) => autocompletePayload({ ...where(input), ...input }),
      button: (input) => buttonPayload({ ...where(input), ...input }),
      modal: (input) => modalSubmitPayload({ ...where(input), ...input }),
    },
    command: (input) => dispatch(chatInputPayload({ ...where(input), ...input })),
    autocomplete: (input) => dispatch(autocompletePayload({ ...where(input), ...input })),
    button: (input) => dispatch(buttonPayload({ ...where(input), ...input })),
    modal: (input) => dispatch(modalSubmitPayload({ ...where(input), ...input })),
    messageFrom(outcome, origin = {}) {
      const sent =
        [...outcome.webhooks].reverse().find((r) => r.body !== undefined)?.body ?? outcome.callback?.data ?? {};
      const body = sent as { content?: string; components?: APIMessage["components"]; embeds?: APIMessage["embeds"]; flags?: number };
      const w = where(origin);
      return botMessage({
        applicationId,
        channelId: w.channelId,
        guildId: w.guildId,
        ...(body.content === undefined ? {} : { content: body.content }),
        ...(body.components === undefined ? {} : { components: body.components }),
        ...(body.embeds === undefined ? {} : { embeds: body.embeds }),
        ...(body.flags === undefined ? {} : { flags: body.flags }),
      });
    },
    async close() {
      await bot.stop();
      await server.close();
    },
  };
}
