// Every slash command the bot registers, in the order Discord lists them.
import type { CommandModule } from "../interaction/command.js";
import { matchCommand } from "./match.js";
import { menteeCommand } from "./mentee.js";
import { mentorCommand } from "./mentor.js";
import { modCommand } from "./mod.js";
import { officeHoursCommand } from "./office-hours.js";
import { profileCommand } from "./profile.js";
import { resourcesCommand } from "./resources.js";

export const commands: readonly CommandModule[] = [mentorCommand, menteeCommand, profileCommand, matchCommand, officeHoursCommand, resourcesCommand, modCommand];
