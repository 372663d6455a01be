// Text hygiene for everything a member types or Discord reports about them (display names):
// one place decides which characters are dropped before a value is validated or stored, and what
// counts as a visible character for length rules.

// Always invisible, never needed in a careers profile: bidi controls (they can reverse how the
// rest of a message reads), zero-width space and word joiner, BOM, soft hyphen, invisible math
// operators, the Mongolian vowel separator, the combining grapheme joiner and the Hangul fillers
// (which render as blank but count as letters).
const ALWAYS_INVISIBLE = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD\u180E\u034F\u115F\u1160\u3164\uFFA0]/gu; // eslint-disable-line no-misleading-character-class -- U+034F (a combining character) is listed on purpose
// Control characters (C0 except tab and newline, DEL, and C1).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g; // eslint-disable-line no-control-regex -- matching control characters is the point
// Tag characters are invisible except inside a subdivision flag (🏴 + tags + cancel tag).
const STRAY_TAGS = /(?<!\u{1F3F4}[\u{E0020}-\u{E007E}]*)[\u{E0000}-\u{E007F}]/gu;
// Joiners and variation selectors matter only between (or after) visible characters: 👩‍💻, ❤️,
// and the ZWNJ of Persian and Indic scripts. Elsewhere (alone, at an edge, after a space) they are
// invisible padding.
const LOOSE_JOINERS = /(?<![^\s\u200C\u200D])[\u200C\u200D]|[\u200C\u200D](?![^\s\u200C\u200D])/gu;
const LOOSE_SELECTORS = /(?<=^|\s)[\uFE00-\uFE0F]+/gu;
// A blank that takes a character's width (braille pattern blank): a space.
const BLANKS = /\u2800/gu;

/** Normalises hostile or accidental unicode: NFC, no invisible or control characters, trimmed. */
export function cleanText(value: string, multiline: boolean): string {
  let text = value
    .normalize("NFC")
    .replace(ALWAYS_INVISIBLE, "")
    .replace(CONTROL, "")
    .replace(STRAY_TAGS, "")
    .replace(BLANKS, " ");
  text = multiline ? text.replace(/\r\n?|[\u2028\u2029]/g, "\n").replace(/[^\S\n]+\n/g, "\n").replace(/\n{3,}/g, "\n\n") : text.replace(/\s+/g, " ");
  // Twice: removing one loose joiner can leave its neighbour at an edge.
  text = text.replace(LOOSE_JOINERS, "").replace(LOOSE_JOINERS, "").replace(LOOSE_SELECTORS, "");
  return text.trim();
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}\s]/u;

/**
 * Characters a reader sees: grapheme clusters with a letter, digit, punctuation, symbol or space
 * (emoji and accented letters count once; invisible characters not at all). Meant for cleaned
 * text, whose spaces are trimmed and collapsed.
 */
export function visibleLength(text: string): number {
  let count = 0;
  for (const { segment } of segmenter.segment(text)) if (VISIBLE.test(segment)) count++;
  return count;
}

/** Whether the text has a letter or a digit (a topic tag of only symbols or blanks is not one). */
export function hasLetterOrDigit(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** A display name from Discord, cleaned like any text we store (never empty). */
export function cleanDisplayName(name: string): string {
  const clean = cleanText(name, false).slice(0, 80);
  return visibleLength(clean) === 0 ? "member" : clean;
}
