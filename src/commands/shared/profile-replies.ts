import type { AutocompleteInteractionContext, AutocompleteResponder, MessageSpec } from "../../interaction/types.js";
import type { SaveResult } from "../../services/profiles.js";
import type { Deps } from "../types.js";
import { industryAutocomplete, topicsAutocomplete } from "./autocomplete.js";
import { profileEmbed } from "./views.js";

export function profileSavedReply(role: "mentor" | "mentee", result: SaveResult, load: number | null): MessageSpec {
  const lines = [
    result.created ? `✅ Your ${role} profile is ready.` : `✅ Your ${role} profile is updated.`,
  ];
  if (result.normalisedTopics.length > 0) {
    lines.push(`Topics were matched to common tags: ${result.normalisedTopics.map((t) => t.label).join(", ")}.`);
  }
  lines.push(...result.notes);
  if (result.created) {
    lines.push(
      role === "mentor"
        ? "Members can now find you with `/match find`. See who you could help with `/match mentees`; pause any time with `/mentor availability status:off`."
        : "Next: see your best mentor suggestions with `/match find`.",
    );
  }
  return { content: lines.join("\n"), embeds: [profileEmbed(result.profile, "self", load)], ephemeral: true };
}

/** Industry and topic autocomplete, shared by /mentor profile and /mentee profile. */
export async function handleProfileAutocomplete(
  ctx: AutocompleteInteractionContext,
  res: AutocompleteResponder,
  deps: Deps,
): Promise<void> {
  if (ctx.guildId === null) return res.respond([]);
  if (ctx.focused.name === "industry" || ctx.focused.name === "target-industry") {
    return res.respond(await industryAutocomplete(deps, ctx.guildId, ctx.focused.value));
  }
  if (ctx.focused.name === "topics") return res.respond(await topicsAutocomplete(deps, ctx.guildId, ctx.focused.value));
  return res.respond([]);
}
