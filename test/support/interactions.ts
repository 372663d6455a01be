// Drives the real command handlers through the real router, with the only stand-in being
// Discord: replies and notifications are recorded instead of sent.
import { commands as allCommands } from "../../src/commands/index.js";
import type { CommandModule, Deps } from "../../src/interaction/command.js";
import { ResponseState, type AnsweredKind } from "../../src/interaction/responder-state.js";
import type { Db } from "../../src/db/client.js";
import { dmFallbackNotice } from "../../src/interaction/fallback.js";
import { createRouter, type Router, type RouterOptions } from "../../src/interaction/router.js";
import type {
  AutocompleteChoice,
  ButtonSpec,
  MessageSpec,
  ModalSpec,
  Notifier,
  OptionValue,
  PublicPost,
  ScheduledEventResult,
  ScheduledEventSpec,
  Responder,
} from "../../src/interaction/types.js";
import { silentLogger, type Logger } from "../../src/logger.js";
import { ManualClock } from "../../src/services/clock.js";

export const GUILD = "900000000000000001";
export const OTHER_GUILD = "900000000000000002";
export const CHANNEL = "910000000000000001";

export interface Member {
  id: string;
  displayName: string;
  canManageGuild?: boolean;
  roleIds?: string[];
}

let nextId = 1;
export function member(displayName: string, extra: Partial<Member> = {}): Member {
  return { id: String(300000000000000000n + BigInt(nextId++)), displayName, ...extra };
}

export interface Recorded {
  kind: "reply" | "defer" | "editReply" | "followUp" | "update" | "modal";
  message?: MessageSpec;
  modal?: ModalSpec;
}

/**
 * Records what a handler answers. Calls go through the shared ResponseState first, so a flow test
 * refuses exactly what Discord and the console refuse (a second reply, an update for a command...).
 */
export class RecordingResponder implements Responder {
  readonly events: Recorded[] = [];
  readonly state: ResponseState;

  constructor(kind: AnsweredKind = "command") {
    this.state = new ResponseState(kind);
  }

  get replied(): boolean {
    return this.state.replied;
  }
  get deferred(): boolean {
    return this.state.deferred;
  }
  async reply(message: MessageSpec) {
    this.state.apply("reply");
    this.events.push({ kind: "reply", message });
  }
  async defer() {
    this.state.apply("defer");
    this.events.push({ kind: "defer" });
  }
  async editReply(message: MessageSpec) {
    this.state.apply("editReply");
    this.events.push({ kind: "editReply", message });
  }
  async followUp(message: MessageSpec) {
    this.state.apply("followUp");
    this.events.push({ kind: "followUp", message });
  }
  async update(message: MessageSpec) {
    this.state.apply("update");
    this.events.push({ kind: "update", message });
  }
  async showModal(modal: ModalSpec) {
    this.state.apply("showModal");
    this.events.push({ kind: "modal", modal });
  }
  /** The last message shown to the user (reply, edit or update). */
  get last(): MessageSpec {
    const withMessage = this.events.filter((e) => e.message !== undefined);
    const last = withMessage[withMessage.length - 1]?.message;
    if (last === undefined) throw new Error(`no message recorded: ${JSON.stringify(this.events)}`);
    return last;
  }
  get modal(): ModalSpec {
    const modal = this.events.find((e) => e.modal !== undefined)?.modal;
    if (modal === undefined) throw new Error("no modal shown");
    return modal;
  }
}

export interface Delivered {
  to: string;
  /** What the bot wanted to send. */
  message: MessageSpec;
  via: "dm" | "channel" | "failed";
  /** When DMs were closed: what the notifiers post in the channel instead (interaction/fallback.ts). */
  posted?: MessageSpec;
}

export class RecordingNotifier implements Notifier {
  readonly messages: Delivered[] = [];
  readonly spaces: { name: string; userIds: [string, string]; starter: MessageSpec; channelId: string | null }[] = [];
  readonly roles: { userId: string; roleId: string }[] = [];
  /** Users whose DMs are closed (Discord error 50007). */
  readonly closedDms = new Set<string>();

  async notifyUser(_guildId: string, userId: string, message: MessageSpec, options?: { fallbackChannelId?: string | null }) {
    const via = !this.closedDms.has(userId) ? "dm" : options?.fallbackChannelId ? "channel" : "failed";
    this.messages.push({ to: userId, message, via, ...(via === "channel" ? { posted: dmFallbackNotice(userId) } : {}) });
    return via;
  }
  async openPairSpace(input: { guildId: string; channelId: string | null; name: string; userIds: [string, string]; starter: MessageSpec }) {
    this.spaces.push({ name: input.name, userIds: input.userIds, starter: input.starter, channelId: input.channelId });
    return { threadId: input.channelId === null ? null : "920000000000000001" };
  }
  /** Messages posted in a pair's space (thread, or DMs to both). */
  readonly pairPosts: { threadId: string | null; userIds: readonly string[]; message: MessageSpec; via: "thread" | "dm" | "failed" }[] = [];
  async postToPair(input: { guildId: string; threadId: string | null; userIds: readonly string[]; message: MessageSpec }) {
    const via = input.threadId !== null ? ("thread" as const) : input.userIds.some((id) => !this.closedDms.has(id)) ? ("dm" as const) : ("failed" as const);
    this.pairPosts.push({ threadId: input.threadId, userIds: input.userIds, message: input.message, via });
    return via;
  }
  async addRole(_guildId: string, userId: string, roleId: string) {
    this.roles.push({ userId, roleId });
    return true;
  }
  /** Scheduled events created, and what was changed on them (location, cancel). */
  readonly events: { guildId: string; spec: ScheduledEventSpec; eventId: string }[] = [];
  readonly eventChanges: { eventId: string; change: { location: string } | { cancel: true } }[] = [];
  /** The next createScheduledEvent answers this instead of success (a Discord refusal). */
  failNextEvent: Extract<ScheduledEventResult, { ok: false }>["reason"] | null = null;
  async createScheduledEvent(guildId: string, spec: ScheduledEventSpec): Promise<ScheduledEventResult> {
    if (this.failNextEvent !== null) {
      const reason = this.failNextEvent;
      this.failNextEvent = null;
      return { ok: false, reason };
    }
    const eventId = String(940000000000000000n + BigInt(this.events.length + 1));
    this.events.push({ guildId, spec, eventId });
    return { ok: true, eventId };
  }
  async updateScheduledEvent(_guildId: string, eventId: string, change: { location: string } | { cancel: true }) {
    this.eventChanges.push({ eventId, change });
    return true;
  }
  /** Public posts (office-hours sign-up threads) and plain channel posts. */
  readonly publicPosts: { channelId: string; name: string; message: MessageSpec; threadId: string }[] = [];
  readonly channelPosts: { channelId: string; message: MessageSpec }[] = [];
  async openPublicThread(input: { guildId: string; channelId: string; name: string; message: MessageSpec }): Promise<PublicPost> {
    const threadId = String(950000000000000000n + BigInt(this.publicPosts.length + 1));
    this.publicPosts.push({ channelId: input.channelId, name: input.name, message: input.message, threadId });
    return { threadId, channelId: threadId, messageId: String(960000000000000000n + BigInt(this.publicPosts.length)) };
  }
  async postInChannel(_guildId: string, channelId: string, message: MessageSpec) {
    this.channelPosts.push({ channelId, message });
    return true;
  }
  to(userId: string): Delivered[] {
    return this.messages.filter((m) => m.to === userId);
  }
  /** The last message sent to `who` (DM or channel fallback); fails the test when there is none. */
  lastTo(who: { id: string }): Delivered {
    const last = this.to(who.id).at(-1);
    if (last === undefined) throw new Error(`nothing was sent to ${who.id}`);
    return last;
  }
}

export function allText(message: MessageSpec): string {
  const parts = [message.content ?? ""];
  for (const e of message.embeds ?? []) {
    parts.push(e.title ?? "", e.description ?? "", e.footer ?? "");
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  for (const row of message.buttons ?? []) for (const b of row) parts.push(`[${b.label}]`);
  return parts.join("\n");
}

export function buttons(message: MessageSpec): ButtonSpec[] {
  return (message.buttons ?? []).flat();
}

/** The button whose label matches; fails the test (listing the labels) when there is none. */
export function buttonLabelled(message: MessageSpec, label: string | RegExp): ButtonSpec {
  const found = buttons(message).find((b) => (typeof label === "string" ? b.label === label : label.test(b.label)));
  if (found === undefined) throw new Error(`no button ${String(label)} among: ${buttons(message).map((b) => b.label).join(", ") || "(none)"}`);
  return found;
}

export interface Harness {
  deps: Deps;
  router: Router;
  clock: ManualClock;
  notifier: RecordingNotifier;
  /** Runs a slash command: "/match request" with options. */
  run(who: Member, command: string, options?: Record<string, OptionValue>, guildId?: string | null): Promise<RecordingResponder>;
  press(who: Member, customId: string, guildId?: string | null): Promise<RecordingResponder>;
  /** Presses the button labelled `label` on `message`; returns the answer and the button pressed. */
  pressLabel(who: Member, message: MessageSpec, label: string | RegExp, guildId?: string | null): Promise<{ res: RecordingResponder; button: ButtonSpec }>;
  submit(who: Member, customId: string, fields: Record<string, string>, guildId?: string | null): Promise<RecordingResponder>;
  /** The last message the bot sent to `who` (a DM, or the channel fallback). */
  lastDm(who: Member): MessageSpec;
  complete(who: Member, command: string, focused: { name: string; value: string }, options?: Record<string, OptionValue>): Promise<AutocompleteChoice[]>;
}

function base(who: Member, guildId: string | null) {
  return {
    user: { id: who.id, displayName: who.displayName },
    guildId,
    channelId: CHANNEL,
    canManageGuild: who.canManageGuild ?? false,
    memberRoleIds: who.roleIds ?? [],
  };
}

export function userValue(who: Member): OptionValue {
  return { id: who.id, displayName: who.displayName, bot: false };
}

export function createHarness(
  db: Db,
  commandList: readonly CommandModule[] = allCommands,
  start = new Date("2026-11-02T10:00:00Z"),
  logger: Logger = silentLogger,
  routerOptions: RouterOptions = {},
): Harness {
  const clock = new ManualClock(start);
  const notifier = new RecordingNotifier();
  const deps: Deps = { db, logger, clock, notifier };
  const router = createRouter(commandList, deps, routerOptions);
  // Forms shown in answer to a button: submitting one may update() the button's message, as in Discord.
  const formsFromButtons = new Set<string>();
  async function press(who: Member, customId: string, guildId: string | null = GUILD): Promise<RecordingResponder> {
    const res = new RecordingResponder("button");
    await router.handle({ ...base(who, guildId), kind: "button", customId }, res);
    for (const e of res.events) if (e.modal !== undefined) formsFromButtons.add(e.modal.customId);
    return res;
  }
  return {
    deps,
    router,
    clock,
    notifier,
    lastDm: (who) => notifier.lastTo(who).message,
    async run(who, command, options = {}, guildId = GUILD) {
      const [name, subcommand] = command.replace(/^\//, "").split(" ");
      const res = new RecordingResponder();
      await router.handle({ ...base(who, guildId), kind: "command", commandName: name ?? "", subcommand: subcommand ?? null, options }, res);
      return res;
    },
    press,
    async pressLabel(who, message, label, guildId = GUILD) {
      const button = buttonLabelled(message, label);
      return { res: await press(who, button.customId, guildId), button };
    },
    async submit(who, customId, fields, guildId = GUILD) {
      const res = new RecordingResponder(formsFromButtons.has(customId) ? "modal-from-button" : "modal");
      await router.handle({ ...base(who, guildId), kind: "modal", customId, fields }, res);
      return res;
    },
    async complete(who, command, focused, options = {}) {
      const [name, subcommand] = command.replace(/^\//, "").split(" ");
      let choices: AutocompleteChoice[] = [];
      await router.handleAutocomplete(
        { ...base(who, GUILD), kind: "autocomplete", commandName: name ?? "", subcommand: subcommand ?? null, focused, options },
        { respond: async (c) => void (choices = c) },
      );
      return choices;
    },
  };
}
