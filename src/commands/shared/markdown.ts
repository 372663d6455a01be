// Member-written text (names, headlines, notes, request messages, reasons, tags) is quoted inside
// the bot's own messages; it must read as typed and never render as markdown there (a masked link
// or a code fence in a request message would otherwise render in the mentor's DM). The bot's own
// formatting (bold ids, timestamps) is written around the escaped text, so it still renders.
import { escapeMarkdown } from "discord.js";

const ESCAPE = { heading: true, bulletedList: true, numberedList: true, maskedLink: true } as const;

/** Member-written text, escaped for a Discord message or embed. */
export function md(text: string): string {
  // escapeMarkdown leaves block quotes alone: a leading ">" would quote the rest of the line.
  return escapeMarkdown(text, ESCAPE).replace(/^(\s*)>/gm, "$1\\>");
}

/** A member's name, escaped, or the fallback (itself plain text) when they left. */
export function name(profile: { displayName: string } | null | undefined, fallback: string): string {
  return profile === null || profile === undefined ? fallback : md(profile.displayName);
}
