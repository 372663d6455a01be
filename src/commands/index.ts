// Every slash command the bot registers, in the order they are listed in Discord.
import type { CommandModule } from "./types.js";

export const commands: readonly CommandModule[] = [];
