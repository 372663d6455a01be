// The command contract: what a command file declares and what its handlers receive.
//
//   export const mentorCommand = defineCommand({
//     name: "mentor",
//     description: "Offer your time as a mentor",
//     subcommands: [
//       sub("availability", "Turn new mentee matches on or off", {
//         status: opt.choice(AVAILABILITY, "on: take new mentees; off: pause").required(),
//         until: opt.date("Optional date YYYY-MM-DD when this switches back", { maxDays: 366 }),
//       }, async ({ args, guildId, ctx, res, deps }) => { … args.status is "on" | "off" … }),
//     ],
//     ui: mentorUi, // its buttons and forms (components.ts)
//   });
//
// One declaration per option gives the registration JSON, the validation and the argument type;
// the router dispatches by the declared names, so there is no `switch` over subcommands and no
// "unknown subcommand" branch in a command.
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Db } from "../db/client.js";
import type { AttachmentFetcher } from "./attachments.js";
import type { Logger } from "../logger.js";
import type { Clock } from "../services/clock.js";
import type { GuildSettings } from "../services/settings.js";
import type { ComponentEntry, Components } from "./components.js";
import { parseArgs, type AnyOpt, type ArgsOf, type OptionsDecl } from "./options.js";
import type { CommandInteractionContext, Notifier, Responder } from "./types.js";

/** What every handler receives besides the interaction: created once at start-up. */
export interface Deps {
  db: Db;
  logger: Logger;
  clock: Clock;
  notifier: Notifier;
  /** Downloads an attachment option's file (default: attachments.ts's fetchAttachment; the console reads local files). */
  fetchAttachment?: AttachmentFetcher;
}

/** Who may use a subcommand, button or form; checked by the router on the server side. */
export type Access = "member" | "moderator";

/** Where a button or form may be used: inside a server only, or also on a DM from the bot. */
export type Place = "guild" | "anywhere";

/** Inside a server the router has already read its settings (rate limits, moderator role). */
export type ScopeOf<P extends Place> = P extends "guild" ? { guildId: string; settings: GuildSettings } : { guildId: string | null };

export interface CommandCall<A> {
  ctx: CommandInteractionContext;
  args: A;
  res: Responder;
  deps: Deps;
  guildId: string;
  settings: GuildSettings;
}

export interface SubcommandRun {
  ctx: CommandInteractionContext;
  res: Responder;
  deps: Deps;
  guildId: string;
  settings: GuildSettings;
}

/** One subcommand: its name, description, options and handler. */
export interface Subcommand<N extends string = string> {
  readonly name: N;
  readonly description: string;
  readonly options: OptionsDecl;
  readonly access: Access | undefined;
  json(): APIApplicationCommandSubcommandOption;
  /** Validates the interaction's options against the declarations and runs the handler. */
  run(input: SubcommandRun, path: string): Promise<void>;
}

export function sub<const N extends string, const O extends OptionsDecl>(
  name: N,
  description: string,
  options: O,
  handler: (call: CommandCall<ArgsOf<O>>) => Promise<void>,
  extra: { access?: Access } = {},
): Subcommand<N> {
  return {
    name,
    description,
    options,
    access: extra.access,
    json() {
      const list = Object.entries(options).map(([optionName, decl]: [string, AnyOpt]) => decl.json(optionName));
      return {
        type: ApplicationCommandOptionType.Subcommand,
        name,
        description,
        ...(list.length === 0 ? {} : { options: list }),
      };
    },
    async run(input, path) {
      const args = parseArgs(options, input.ctx.options, { now: () => input.deps.clock.now() }, path);
      await handler({ ...input, args });
    },
  };
}

/** Subcommands under a common name (`/demo admin check`); they run as "admin check". */
export interface SubcommandGroup {
  readonly kind: "group";
  readonly name: string;
  readonly description: string;
  readonly subcommands: readonly Subcommand[];
}

export function group(name: string, description: string, subcommands: readonly Subcommand[]): SubcommandGroup {
  return { kind: "group", name, description, subcommands };
}

/** A command as the router, the deploy script, the console and the tests see it. */
export interface CommandModule {
  readonly name: string;
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Default access of its subcommands, buttons and forms. */
  readonly access: Access;
  /** Every subcommand, those in groups named "group sub". */
  readonly subcommands: readonly Subcommand[];
  /** Its buttons and forms. */
  readonly components: readonly ComponentEntry[];
  subcommand(name: string | null): Subcommand | undefined;
  /** Effective access of a subcommand or component (its own, else the command's). */
  accessOf(item: { access: Access | undefined }): Access;
}

export interface CommandDecl {
  name: string;
  description: string;
  subcommands: readonly (Subcommand | SubcommandGroup)[];
  /** Its buttons and forms: one table, or several (a big command may keep them beside their handlers). */
  ui?: Components<unknown, unknown> | readonly Components<unknown, unknown>[];
  /** Moderator commands: every subcommand, button and form needs a moderator. */
  access?: Access;
  /** Discord's default_member_permissions (a server admin can change it; access is checked anyway). */
  defaultMemberPermissions?: string;
}

function isTable(ui: Components<unknown, unknown> | readonly Components<unknown, unknown>[]): ui is Components<unknown, unknown> {
  return !Array.isArray(ui);
}

function isGroup(item: Subcommand | SubcommandGroup): item is SubcommandGroup {
  return "kind" in item && item.kind === "group";
}

export function defineCommand(decl: CommandDecl): CommandModule {
  const tables: readonly Components<unknown, unknown>[] = decl.ui === undefined ? [] : isTable(decl.ui) ? [decl.ui] : decl.ui;
  for (const table of tables) {
    if (table.command !== decl.name) throw new Error(`/${decl.name}: its buttons and forms are bound to "${table.command}"`);
  }
  const entries = tables.flatMap((t) => t.entries);
  const actions = new Set(entries.map((e) => `${e.kind}:${e.action}`));
  if (actions.size !== entries.length) throw new Error(`/${decl.name}: two buttons or two forms share an action name`);
  const flat: Subcommand[] = [];
  for (const item of decl.subcommands) {
    if (isGroup(item)) for (const s of item.subcommands) flat.push({ ...s, name: `${item.name} ${s.name}` });
    else flat.push(item);
  }
  const byName = new Map(flat.map((s) => [s.name, s]));
  if (byName.size !== flat.length) throw new Error(`/${decl.name}: two subcommands share a name`);
  const access = decl.access ?? "member";
  const data = {
    name: decl.name,
    description: decl.description,
    ...(decl.defaultMemberPermissions === undefined ? {} : { default_member_permissions: decl.defaultMemberPermissions }),
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: decl.subcommands.map((item) =>
      isGroup(item)
        ? { type: ApplicationCommandOptionType.SubcommandGroup, name: item.name, description: item.description, options: item.subcommands.map((s) => s.json()) }
        : item.json(),
    ),
  } satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
  return {
    name: decl.name,
    data,
    access,
    subcommands: flat,
    components: entries,
    subcommand: (name) => (name === null ? undefined : byName.get(name)),
    accessOf: (item) => item.access ?? access,
  };
}
