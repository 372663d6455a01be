import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import type { Db } from "../db/client.js";
import type {
  AutocompleteInteractionContext,
  AutocompleteResponder,
  CommandInteractionContext,
  ComponentInteractionContext,
  ModalInteractionContext,
  Notifier,
  Responder,
} from "../interaction/types.js";
import type { Logger } from "../logger.js";
import type { Clock } from "../services/clock.js";

/** What every handler receives besides the interaction: created once at start-up. */
export interface Deps {
  db: Db;
  logger: Logger;
  clock: Clock;
  notifier: Notifier;
}

/**
 * One slash command: its registration JSON and its handlers, side by side in one file.
 * Buttons and modals carry custom ids "<command>:<action>:<id>" and come back to the same module.
 */
export interface CommandModule {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(ctx: CommandInteractionContext, res: Responder, deps: Deps): Promise<void>;
  autocomplete?(ctx: AutocompleteInteractionContext, res: AutocompleteResponder, deps: Deps): Promise<void>;
  button?(ctx: ComponentInteractionContext, action: string, id: string, res: Responder, deps: Deps): Promise<void>;
  modal?(ctx: ModalInteractionContext, action: string, id: string, res: Responder, deps: Deps): Promise<void>;
}

/** Builds a custom id and checks it fits Discord's 100-character limit. */
export function customId(command: string, action: string, id: string | number): string {
  const value = `${command}:${action}:${id}`;
  if (value.length > 100) throw new Error(`custom id too long: ${value.length}`);
  return value;
}

export function parseCustomId(value: string): { command: string; action: string; id: string } | null {
  const match = /^([a-z-]+):([a-z-]+):([\w-]{1,80})$/.exec(value);
  if (match === null) return null;
  return { command: match[1] ?? "", action: match[2] ?? "", id: match[3] ?? "" };
}
