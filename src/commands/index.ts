// Every slash command the bot registers, in the order Discord lists them.
import type { CommandModule } from "../interaction/command.js";
import { matchCommand } from "./match.js";
import { menteeCommand } from "./mentee.js";
import { mentorCommand } from "./mentor.js";
import { modCommand } from "./mod.js";
import { profileCommand } from "./profile.js";

export const commands: readonly CommandModule[] = [mentorCommand, menteeCommand, profileCommand, matchCommand, modCommand];
