// The waiting-list forecast on constructed histories: none, zero capacity, a steady rate, a
// growing list, places as the binding limit, and the horizon's "how many more" answers.
import { describe, expect, it } from "vitest";
import { forecastWaitingList, MAX_WEEKS, waitingCurve, type ForecastInput } from "../../src/domain/forecast.js";

const base: ForecastInput = { waiting: 0, freePlaces: 0, startsLast4Weeks: 0, endsLast4Weeks: 0, seatsLast4Weeks: 0, horizonWeeks: 8 };

describe("forecastWaitingList", () => {
  it("given no history and nobody waiting, then nothing is needed and the list is clear now", () => {
    const f = forecastWaitingList(base);
    expect(f).toMatchObject({ weeksToClear: 0, blocker: null, clearsWithinHorizon: true, waitingAfterHorizon: 0, extraPlacesNeeded: 0, extraSeatsPerWeek: 0, startsPerWeek: 0 });
  });

  it("given no history (no match started in 4 weeks) and mentees waiting with free places, then it never clears at that pace, and the places already free count toward the horizon", () => {
    const f = forecastWaitingList({ ...base, waiting: 10, freePlaces: 4 });
    expect(f.weeksToClear).toBeNull();
    expect(f.blocker).toBe("no-starts");
    expect(f.clearsWithinHorizon).toBe(false);
    expect(f.waitingAfterHorizon).toBe(10);
    expect(f.extraPlacesNeeded).toBe(6); // 10 waiting − 4 free, nothing coming back
    expect(f.extraSeatsPerWeek).toBe(2); // 10 still waiting ÷ 8 weeks, rounded up
  });

  it("given zero capacity (no free place, none coming back) and a start rate, then it never clears and every waiting mentee needs a new place", () => {
    const f = forecastWaitingList({ ...base, waiting: 12, freePlaces: 0, startsLast4Weeks: 8, endsLast4Weeks: 0, horizonWeeks: 4 });
    expect(f.blocker).toBe("no-places");
    expect(f.weeksToClear).toBeNull();
    expect(f.extraPlacesNeeded).toBe(12);
    expect(f.extraSeatsPerWeek).toBe(3);
    expect(waitingCurve({ ...f, waiting: 12, freePlaces: 0, startsLast4Weeks: 8, endsLast4Weeks: 0 }, 4)).toEqual([12, 12, 12, 12, 12]);
  });

  it("given a steady rate of 2 starts a week and enough places, then 10 waiting mentees have all started in 5 weeks", () => {
    const f = forecastWaitingList({ ...base, waiting: 10, freePlaces: 20, startsLast4Weeks: 8, endsLast4Weeks: 4 });
    expect(f.startsPerWeek).toBe(2);
    expect(f.freedPerWeek).toBe(1);
    expect(f.weeksToClear).toBe(5);
    expect(f.clearsWithinHorizon).toBe(true);
    expect(f.waitingAfterHorizon).toBe(0);
    expect(f.extraPlacesNeeded).toBe(0);
    expect(f.extraSeatsPerWeek).toBe(0);
  });

  it("given a fast rate but few places, then places are the limit: they come back at the end rate", () => {
    // 3 free now, 1 a week back, 4 starts a week possible: weeks 1..: 3, 1, 1, 1, 1, 1, 1 → 9 by week 7, 10 by week 8.
    const f = forecastWaitingList({ ...base, waiting: 10, freePlaces: 3, startsLast4Weeks: 16, endsLast4Weeks: 4, horizonWeeks: 4 });
    expect(f.weeksToClear).toBe(8);
    expect(f.clearsWithinHorizon).toBe(false);
    expect(f.waitingAfterHorizon).toBe(4); // 3 + 1 + 1 + 1 started within 4 weeks
    expect(f.extraPlacesNeeded).toBe(4); // 10 − (3 free + 1 × 3 weeks that come back in time)
    expect(f.extraSeatsPerWeek).toBe(1); // 4 ÷ 4
  });

  it("given a growing list (many waiting, a slow rate), then the forecast says how long and what would clear it within the horizon", () => {
    const f = forecastWaitingList({ ...base, waiting: 190, freePlaces: 5, startsLast4Weeks: 4, endsLast4Weeks: 4, seatsLast4Weeks: 20, horizonWeeks: 8 });
    expect(f.startsPerWeek).toBe(1);
    expect(f.seatsPerWeek).toBe(5);
    expect(f.weeksToClear).toBe(190);
    expect(f.waitingAfterHorizon).toBe(182);
    expect(f.extraPlacesNeeded).toBe(178); // 190 − 5 − 1 × 7
    expect(f.extraSeatsPerWeek).toBe(23); // 182 ÷ 8 rounded up
  });

  it("given a pace that would take longer than ten years, then it is reported as too slow, not as a number", () => {
    const f = forecastWaitingList({ ...base, waiting: 1000, freePlaces: 0, startsLast4Weeks: 1, endsLast4Weeks: 1 });
    expect(f.weeksToClear).toBeNull();
    expect(f.blocker).toBe("too-slow");
    expect(MAX_WEEKS).toBe(520);
  });

  it("given nonsense inputs (negative, NaN, a zero horizon), then they count as zero and the horizon as one week", () => {
    const f = forecastWaitingList({ waiting: -5, freePlaces: Number.NaN, startsLast4Weeks: -1, endsLast4Weeks: Infinity, seatsLast4Weeks: -3, horizonWeeks: 0 });
    expect(f).toMatchObject({ weeksToClear: 0, horizonWeeks: 1, extraPlacesNeeded: 0, extraSeatsPerWeek: 0, seatsPerWeek: 0 });
  });
});
