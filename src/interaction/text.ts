// Text hygiene for everything a member types or Discord reports about them (display names):
// one place decides which characters are dropped before a value is validated or stored.

// Invisible characters that make two strings look equal or a value look empty, and bidi controls
// that can reverse how the rest of a message reads.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/g;
// Control characters (C0 except tab and newline, DEL, and C1).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g; // eslint-disable-line no-control-regex -- matching control characters is the point

/** Normalises hostile or accidental unicode: NFC, no invisible or control characters, trimmed. */
export function cleanText(value: string, multiline: boolean): string {
  let text = value.normalize("NFC").replace(INVISIBLE, "").replace(CONTROL, "");
  text = multiline ? text.replace(/\r\n?|[\u2028\u2029]/g, "\n").replace(/\n{3,}/g, "\n\n") : text.replace(/\s+/g, " ");
  return text.trim();
}

/** A display name from Discord, cleaned like any text we store (never empty). */
export function cleanDisplayName(name: string): string {
  return cleanText(name, false).slice(0, 80) || "member";
}
