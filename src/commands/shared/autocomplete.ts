// Autocomplete sources for the profile options: the curated lists plus what this server uses.
import type { Completer } from "../../interaction/options.js";
import type { AutocompleteChoice } from "../../interaction/types.js";
import { industryChoices, topicChoices } from "../../services/catalog.js";

const MAX_CHOICE = 100;

export const industryComplete: Completer = async ({ deps, guildId, typed }): Promise<AutocompleteChoice[]> =>
  (await industryChoices(deps.db, guildId, typed.slice(0, MAX_CHOICE), deps.clock.now())).map((c) => ({
    name: c.name.slice(0, MAX_CHOICE),
    value: c.value.slice(0, MAX_CHOICE),
  }));

/**
 * Completes the tag being typed in a comma-separated list: "cv, inter" offers
 * "cv, interviewing", keeping what was typed before the last comma.
 */
export const topicsComplete: Completer = async ({ deps, guildId, typed }): Promise<AutocompleteChoice[]> => {
  const cut = typed.lastIndexOf(",");
  const before = cut === -1 ? "" : typed.slice(0, cut + 1).trim();
  const current = cut === -1 ? typed : typed.slice(cut + 1);
  const already = new Set(before.split(",").map((t) => t.trim().toLowerCase()).filter((t) => t !== ""));
  const prefix = before === "" ? "" : `${before} `;
  const choices = (await topicChoices(deps.db, guildId, current.trim(), deps.clock.now()))
    .filter((label) => !already.has(label.toLowerCase()))
    .map((label) => `${prefix}${label}`)
    .filter((value) => value.length <= MAX_CHOICE);
  return choices.slice(0, 25).map((value) => ({ name: value, value }));
};
