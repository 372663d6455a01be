// Capacity statistics for those who run a careers service: coverage (who has had a guidance
// conversation), throughput per week, a forecast of the waiting list and supply against demand by
// topic. Every figure comes from an aggregate query (storage/capacity.ts); the forecast's arithmetic
// is pure (domain/forecast.ts). Shown by /mod stats and written by `npm run report`.
import type { Db } from "../db/client.js";
import { forecastWaitingList, waitingCurve, type Forecast } from "../domain/forecast.js";
import {
  countWaitingNow,
  coverageCounts,
  freePlacesByMentor,
  mentorOffers,
  periodCounts,
  snapshotAt,
  waitingDemandByTopic,
  type WeekCounts,
} from "../storage/capacity.js";
import { DAY_MS } from "./clock.js";

export const CAPACITY_DEFAULTS = { horizonWeeks: 8, coverageDays: 30, weeks: 12, recentDays: 90, topics: 10 } as const;

export interface WeekRow extends WeekCounts {
  /** Monday (UTC) the week starts, YYYY-MM-DD. */
  weekStart: string;
  /** At the end of the week (or now, for the current week). */
  waiting: number;
  active: number;
}

export interface TopicBalance {
  key: string;
  label: string;
  /** Waiting mentees who ask for it. */
  waiting: number;
  /** Free places of available mentors who offer it (a mentor offering several topics counts in each). */
  freePlaces: number;
  mentors: number;
}

export interface CapacityReport {
  generatedAt: Date;
  coverage: { days: number; eligible: number; reached: number; share: number | null; recentDays: number; reachedRecently: number; recentShare: number | null };
  weeks: WeekRow[];
  totals: { started: number; ended: number; sessionsHeld: number; seatsFilled: number; attended: number };
  forecast: Forecast & { waiting: number; freePlaces: number; startsLast4Weeks: number; endsLast4Weeks: number; seatsLast4Weeks: number; curve: number[] };
  topics: TopicBalance[];
  /** Plain-language assumptions behind the forecast, shown with it. */
  assumptions: string[];
}

/** Monday 00:00 UTC of the week holding `date`. */
export function weekStartOf(date: Date): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

export async function capacityReport(
  db: Db,
  guildId: string,
  now: Date,
  options: { horizonWeeks?: number | undefined; coverageDays?: number | undefined } = {},
): Promise<CapacityReport> {
  const horizonWeeks = options.horizonWeeks ?? CAPACITY_DEFAULTS.horizonWeeks;
  const coverageDays = options.coverageDays ?? CAPACITY_DEFAULTS.coverageDays;
  const recentSince = new Date(now.getTime() - CAPACITY_DEFAULTS.recentDays * DAY_MS);
  const coverage = await coverageCounts(db, guildId, new Date(now.getTime() - coverageDays * DAY_MS), recentSince, now);

  const thisWeek = weekStartOf(now).getTime();
  const weeks: WeekRow[] = [];
  for (let i = CAPACITY_DEFAULTS.weeks - 1; i >= 0; i--) {
    const start = new Date(thisWeek - i * 7 * DAY_MS);
    const end = new Date(Math.min(start.getTime() + 7 * DAY_MS, now.getTime()));
    const [counts, snapshot] = await Promise.all([periodCounts(db, guildId, start, end), snapshotAt(db, guildId, end)]);
    weeks.push({ weekStart: start.toISOString().slice(0, 10), ...counts, ...snapshot });
  }
  const totals = weeks.reduce(
    (t, w) => ({ started: t.started + w.started, ended: t.ended + w.ended, sessionsHeld: t.sessionsHeld + w.sessionsHeld, seatsFilled: t.seatsFilled + w.seatsFilled, attended: t.attended + w.attended }),
    { started: 0, ended: 0, sessionsHeld: 0, seatsFilled: 0, attended: 0 },
  );

  const fourWeeksAgo = new Date(now.getTime() - 28 * DAY_MS);
  const [last4, waiting, free] = await Promise.all([periodCounts(db, guildId, fourWeeksAgo, now), countWaitingNow(db, guildId), freePlacesByMentor(db, guildId, now)]);
  const freePlaces = [...free.values()].reduce((n, f) => n + f, 0);
  const input = { waiting, freePlaces, startsLast4Weeks: last4.started, endsLast4Weeks: last4.ended, seatsLast4Weeks: last4.seatsFilled, horizonWeeks };
  const forecast = { ...forecastWaitingList(input), ...input, curve: waitingCurve(input, Math.max(horizonWeeks, 12)).map((w) => Math.ceil(w - 1e-9)) };

  const demand = await waitingDemandByTopic(db, guildId, CAPACITY_DEFAULTS.topics);
  const offers = await mentorOffers(db, guildId, demand.map((d) => d.topicId), now);
  const topics: TopicBalance[] = demand.map((d) => {
    const mentors = offers.filter((o) => o.topicId === d.topicId);
    return { key: d.key, label: d.label, waiting: d.waiting, mentors: mentors.length, freePlaces: mentors.reduce((n, o) => n + (free.get(o.profileId) ?? 0), 0) };
  });

  return {
    generatedAt: now,
    coverage: {
      days: coverageDays,
      eligible: coverage.eligible,
      reached: coverage.reached,
      share: share(coverage.reached, coverage.eligible),
      recentDays: CAPACITY_DEFAULTS.recentDays,
      reachedRecently: coverage.reachedRecently,
      recentShare: share(coverage.reachedRecently, coverage.eligible),
    },
    weeks,
    totals,
    forecast,
    topics,
    assumptions: [
      `Matches start at the last 4 weeks' rate (${last4.started} ÷ 4 = ${forecast.startsPerWeek.toFixed(2)} a week), never faster than free places allow.`,
      `Places come back as matches end, at the last 4 weeks' rate (${last4.ended} ÷ 4 = ${forecast.freedPerWeek.toFixed(2)} a week); today ${freePlaces} place(s) are free.`,
      "Only today's waiting list counts; members who join later are not in the forecast.",
      "“More places” assumes each free place is filled within its week (for example by /mod round); an office-hour seat gives one waiting mentee a guidance conversation.",
    ],
  };
}

/** The forecast in two plain sentences: when the list clears, and what would clear it within the horizon. */
export function describeForecast(r: CapacityReport): { when: string; clear: string } {
  const f = r.forecast;
  if (f.waiting === 0) return { when: "Nobody is waiting: nothing to forecast.", clear: "" };
  const pace = `${f.startsPerWeek.toFixed(1)} match(es) started a week over the last 4 weeks`;
  const when =
    f.weeksToClear !== null
      ? `At that pace (${pace}) and with today's ${f.freePlaces} free place(s), all ${f.waiting} waiting mentees will have started in about ${f.weeksToClear} week(s).`
      : f.blocker === "no-starts"
        ? `No match started in the last 4 weeks, so at that pace the ${f.waiting} waiting mentees never start.`
        : f.blocker === "no-places"
          ? `No mentor place is free and none came back in the last 4 weeks, so the ${f.waiting} waiting mentees cannot start.`
          : `At that pace (${pace}) it would take more than 10 years.`;
  const places = f.extraPlacesNeeded === 0 ? "no more mentor places are needed" : `${f.extraPlacesNeeded} more mentor place(s)`;
  const seats = f.extraSeatsPerWeek === 0 ? "no extra office-hour seats" : `${f.extraSeatsPerWeek} office-hour seat(s) a week`;
  const clear = `To clear the list within ${f.horizonWeeks} week(s): ${places} if each free place is filled within its week, or ${seats} on top of today's pace (${f.waitingAfterHorizon} would still be waiting; office hours filled ${f.seatsPerWeek.toFixed(1)} seat(s) a week lately).`;
  return { when, clear };
}
