// Every slash command the bot registers, in the order Discord lists them.
import { matchCommand } from "./match.js";
import { menteeCommand } from "./mentee.js";
import { mentorCommand } from "./mentor.js";
import { modCommand } from "./mod.js";
import { profileCommand } from "./profile.js";
import type { CommandModule } from "./types.js";

export const commands: readonly CommandModule[] = [mentorCommand, menteeCommand, profileCommand, matchCommand, modCommand];
