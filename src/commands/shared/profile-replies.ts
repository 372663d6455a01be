import { escapeMarkdown } from "discord.js";
import type { MessageSpec } from "../../interaction/types.js";
import type { SaveResult } from "../../services/profiles.js";
import { profileEmbed } from "./views.js";

export function profileSavedReply(role: "mentor" | "mentee", result: SaveResult, load: number | null): MessageSpec {
  const lines = [
    result.created ? `✅ Your ${role} profile is ready.` : `✅ Your ${role} profile is updated.`,
  ];
  if (result.renamedTopics.length > 0) {
    const renamed = result.renamedTopics.map((t) => `${escapeMarkdown(t.from)} → ${escapeMarkdown(t.to)}`).join(", ");
    lines.push(`Your topics were matched to common tags: ${renamed}. To keep a tag exactly as you wrote it, put = before it (e.g. =${escapeMarkdown(result.renamedTopics[0]?.from ?? "")}).`);
  }
  lines.push(...result.notes);
  if (result.created) {
    lines.push(
      role === "mentor"
        ? "Members can now find you with `/match find`. See who you could help with `/match mentees`; pause any time with `/mentor availability status:off`."
        : "Next: see your best mentor suggestions with `/match find`.",
    );
  }
  return { content: lines.join("\n"), embeds: [profileEmbed(result.profile, "full", load, true)], ephemeral: true };
}
