// How far a careers service's capacity goes: a forecast of the waiting list from the last 4 weeks'
// history and today's free places. Pure arithmetic on counts, so it can be tested on constructed
// histories (none, zero capacity, a steady rate, a growing list).
//
// The model, week by week (the assumptions the bot states in its reply):
//   - matches start at the last 4 weeks' average rate (starts ÷ 4), never more than the free
//     places of that week and never more than the mentees still waiting;
//   - a place taken stays taken; places come back at the last 4 weeks' average rate of matches
//     ending (ends ÷ 4), available from the next week;
//   - only today's waiting list is counted: members who join later are not;
//   - an office-hour seat gives one waiting mentee a guidance conversation (it does not start a match).

export interface ForecastInput {
  /** Mentees without an active match now. */
  waiting: number;
  /** Free places of available mentors now. */
  freePlaces: number;
  /** Matches that became active in the last 4 weeks. */
  startsLast4Weeks: number;
  /** Active matches that closed in the last 4 weeks (their places came back). */
  endsLast4Weeks: number;
  /** Office-hour seats filled (held office hours) in the last 4 weeks. */
  seatsLast4Weeks: number;
  /** Weeks within which the list should be cleared (`/mod stats horizon:`). */
  horizonWeeks: number;
}

export type ForecastBlocker = "no-starts" | "no-places" | "too-slow";

export interface Forecast {
  startsPerWeek: number;
  freedPerWeek: number;
  seatsPerWeek: number;
  /** Weeks until every mentee waiting today has started (0: nobody waits); null when it never clears. */
  weeksToClear: number | null;
  /** Why it never clears: no match started in 4 weeks, no place free now or coming back, or beyond MAX_WEEKS. */
  blocker: ForecastBlocker | null;
  horizonWeeks: number;
  clearsWithinHorizon: boolean;
  /** Mentees still waiting after `horizonWeeks` at this pace. */
  waitingAfterHorizon: number;
  /** More mentor places that would start everyone within the horizon, if each free place is filled in its week. */
  extraPlacesNeeded: number;
  /** Or: office-hour seats per week, on top of this pace, that would see everyone still waiting after the horizon. */
  extraSeatsPerWeek: number;
}

/** Beyond this the answer is "not at this pace" (ten years). */
export const MAX_WEEKS = 520;

const EPSILON = 1e-9;

function nonNegative(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Mentees still waiting after each week (index 0 = now), up to `weeks` weeks. */
export function waitingCurve(input: Pick<ForecastInput, "waiting" | "freePlaces" | "startsLast4Weeks" | "endsLast4Weeks">, weeks: number): number[] {
  const rate = nonNegative(input.startsLast4Weeks) / 4;
  const freed = nonNegative(input.endsLast4Weeks) / 4;
  let waiting = nonNegative(input.waiting);
  let places = nonNegative(input.freePlaces);
  const curve = [waiting];
  for (let week = 1; week <= weeks; week++) {
    const starts = Math.min(rate, places, waiting);
    waiting -= starts;
    places = places - starts + freed;
    curve.push(waiting < EPSILON ? 0 : waiting);
  }
  return curve;
}

export function forecastWaitingList(input: ForecastInput): Forecast {
  const waiting = nonNegative(input.waiting);
  const free = nonNegative(input.freePlaces);
  const startsPerWeek = nonNegative(input.startsLast4Weeks) / 4;
  const freedPerWeek = nonNegative(input.endsLast4Weeks) / 4;
  const seatsPerWeek = nonNegative(input.seatsLast4Weeks) / 4;
  const horizon = Math.max(1, Math.round(nonNegative(input.horizonWeeks)));

  let weeksToClear: number | null = null;
  let blocker: ForecastBlocker | null = null;
  if (waiting === 0) weeksToClear = 0;
  else if (startsPerWeek === 0) blocker = "no-starts";
  else if (free === 0 && freedPerWeek === 0) blocker = "no-places";
  else {
    const curve = waitingCurve(input, MAX_WEEKS);
    const week = curve.findIndex((w) => w === 0);
    if (week === -1) blocker = "too-slow";
    else weeksToClear = week;
  }

  const afterHorizon = waitingCurve(input, horizon)[horizon] ?? waiting;
  // Places usable within the horizon if every free place is filled in its week: today's, plus those
  // that come back at the end of each week but the last.
  const usable = free + freedPerWeek * (horizon - 1);
  return {
    startsPerWeek,
    freedPerWeek,
    seatsPerWeek,
    weeksToClear,
    blocker,
    horizonWeeks: horizon,
    clearsWithinHorizon: weeksToClear !== null && weeksToClear <= horizon,
    waitingAfterHorizon: Math.max(0, Math.ceil(afterHorizon - EPSILON)),
    extraPlacesNeeded: Math.max(0, Math.ceil(waiting - usable - EPSILON)),
    extraSeatsPerWeek: Math.max(0, Math.ceil(afterHorizon / horizon - EPSILON)),
  };
}
