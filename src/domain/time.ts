// Time zones and calendar arithmetic, with luxon (IANA zones from the platform's Intl data, DST
// included). Pure functions of their arguments: the current time is always passed in, from the
// injected clock.
import { DateTime, FixedOffsetZone, IANAZone, type Zone } from "luxon";

/** Where a member's day starts when they set no timezone. */
export const DEFAULT_ZONE = "UTC";

/** The local hour at which "the morning of the due date" reminders go out. */
export const MORNING_HOUR = 9;

const OFFSET = /^(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * A timezone as members type it: an IANA name (Europe/London, america/new_york) or a fixed offset
 * (UTC, UTC+2, GMT-5:30). Returns the canonical spelling, or null when it is not a real zone.
 */
export function normaliseTimezone(input: string): string | null {
  const value = input.trim();
  if (value === "") return null;
  if (/^(UTC|GMT|Z)$/i.test(value)) return "UTC";
  const offset = OFFSET.exec(value);
  if (offset !== null) {
    const hours = Number(offset[2]);
    const minutes = offset[3] === undefined ? 0 : Number(offset[3]);
    const total = (offset[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
    if (minutes >= 60 || total < -12 * 60 || total > 14 * 60) return null;
    return total === 0 ? "UTC" : `UTC${offset[1]}${hours}${minutes === 0 ? "" : `:${String(minutes).padStart(2, "0")}`}`;
  }
  // Only names made of zone-name characters reach Intl (it also accepts odd forms like "+02:00").
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(value) || !IANAZone.isValidZone(value)) return null;
  return new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
}

/** The luxon zone of a stored timezone (UTC when none or unreadable). */
export function zoneOf(timezone: string | null | undefined): Zone {
  if (timezone === null || timezone === undefined) return FixedOffsetZone.utcInstance;
  const canonical = normaliseTimezone(timezone);
  if (canonical === null || canonical === "UTC") return FixedOffsetZone.utcInstance;
  if (canonical.startsWith("UTC")) return FixedOffsetZone.parseSpecifier(canonical) ?? FixedOffsetZone.utcInstance;
  return IANAZone.create(canonical);
}

/** A stored timezone's name for messages ("UTC" when none). */
export function zoneLabel(timezone: string | null | undefined): string {
  return timezone === null || timezone === undefined ? DEFAULT_ZONE : (normaliseTimezone(timezone) ?? DEFAULT_ZONE);
}

/** The calendar date (YYYY-MM-DD) of an option like `due:` as stored: UTC midnight of that day. */
export function calendarDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** MORNING_HOUR local time on a calendar day (stored as UTC midnight), in `timezone`. */
export function morningOf(day: Date, timezone: string | null | undefined): Date {
  const [year, month, dayOfMonth] = calendarDate(day).split("-").map(Number);
  return DateTime.fromObject({ year, month, day: dayOfMonth, hour: MORNING_HOUR }, { zone: zoneOf(timezone) }).toJSDate();
}

/** Today's calendar date (YYYY-MM-DD) in `timezone`. */
export function todayIn(now: Date, timezone: string | null | undefined): string {
  return DateTime.fromJSDate(now, { zone: zoneOf(timezone) }).toISODate() ?? calendarDate(now);
}

/** An action due on `day` is overdue once that day has passed where its owner lives. */
export function isOverdue(day: Date, timezone: string | null | undefined, now: Date): boolean {
  return todayIn(now, timezone) > calendarDate(day);
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

export const WHEN_EXAMPLES = "2026-12-03 18:00, tomorrow 18:00, friday 9:30, in 3 days 18:00 or in 2 hours";

export type WhenResult = { ok: true; date: Date } | { ok: false; reason: string };

function clock(text: string | undefined): { hour: number; minute: number } | null {
  if (text === undefined) return null;
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (m === null) return null;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const suffix = m[3]?.toLowerCase();
  if (m[2] === undefined && suffix === undefined) return null; // "18" alone is too ambiguous
  if (suffix !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (suffix === "pm" ? 12 : 0);
  }
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/**
 * A meeting time as a member types it, read in their timezone: "2026-12-03 18:00", "today 18:00",
 * "tomorrow 6pm", "friday 9:30" / "next friday 9:30" (the next such day), "in 3 days 18:00",
 * "in 2 hours", "in 45 minutes". Minutes are kept; seconds dropped. A local time that does not
 * exist (a DST gap) moves forward by the gap, as calendars do.
 */
export function parseWhen(input: string, timezone: string | null | undefined, now: Date): WhenResult {
  const zone = zoneOf(timezone);
  const text = input.trim().toLowerCase().replace(/\s+/g, " ").replace(/ at /, " ");
  const local = DateTime.fromJSDate(now, { zone });
  const bad: WhenResult = { ok: false, reason: `must look like ${WHEN_EXAMPLES}` };

  const absolute = /^(\d{4})-(\d{2})-(\d{2})[ t](.+)$/.exec(text);
  if (absolute !== null) {
    const time = clock(absolute[4]);
    if (time === null) return bad;
    const dt = DateTime.fromObject({ year: Number(absolute[1]), month: Number(absolute[2]), day: Number(absolute[3]), ...time }, { zone });
    if (!dt.isValid || dt.toISODate() !== `${absolute[1]}-${absolute[2]}-${absolute[3]}`) return { ok: false, reason: "is not a real calendar date" };
    return { ok: true, date: dt.toJSDate() };
  }

  const relative = /^in (\d{1,3}) (minute|minutes|min|mins|hour|hours|h)$/.exec(text);
  if (relative !== null) {
    const amount = Number(relative[1]);
    const unit = relative[2]?.startsWith("h") === true ? "hours" : "minutes";
    return { ok: true, date: local.plus({ [unit]: amount }).set({ second: 0, millisecond: 0 }).toJSDate() };
  }

  let day: DateTime | null = null;
  let rest: string | undefined;
  const named = /^(today|tomorrow) (.+)$/.exec(text);
  const inDays = /^in (\d{1,3}) days? (.+)$/.exec(text);
  const weekday = /^(?:next |this )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun) (.+)$/.exec(text);
  if (named !== null) {
    day = named[1] === "today" ? local : local.plus({ days: 1 });
    rest = named[2];
  } else if (inDays !== null) {
    day = local.plus({ days: Number(inDays[1]) });
    rest = inDays[2];
  } else if (weekday !== null) {
    const index = WEEKDAYS.findIndex((w) => w.startsWith(weekday[1] ?? "")) + 1; // luxon: Monday = 1
    const ahead = (index - local.weekday + 7) % 7 || 7; // "friday" on a Friday means next week's
    day = local.plus({ days: ahead });
    rest = weekday[2];
  }
  const time = clock(rest);
  if (day === null || time === null) return bad;
  const dt = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, ...time }, { zone });
  return dt.isValid ? { ok: true, date: dt.toJSDate() } : bad;
}

/** "Thu 3 Dec 2026, 18:00 (Europe/London)": a time as one member reads it, for files and logs. */
export function formatLocal(date: Date, timezone: string | null | undefined): string {
  return `${DateTime.fromJSDate(date, { zone: zoneOf(timezone) }).toFormat("ccc d LLL yyyy, HH:mm")} (${zoneLabel(timezone)})`;
}
