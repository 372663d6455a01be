// A demo community with 12 weeks of history, made through the real services with a clock that
// moves week by week: mentors with a few places, mentees joining every week (more than the
// mentors can take, as in a real careers service), matches starting and ending, and office
// hours with attendance. Deterministic (no randomness). Used by `npm run demo:charts` (the
// README's chart) and the report test.
import type { Db } from "../src/db/client.js";
import { UserError } from "../src/errors.js";
import { acceptRequest, endMatch, requestMentor } from "../src/services/matches.js";
import { joinOfficeHour, recordOfficeHour } from "../src/services/office-hours.js";
import { saveMenteeProfile, saveMentorProfile } from "../src/services/profiles.js";
import { changeGuildSettings } from "../src/services/settings.js";
import { DAY_MS } from "../src/services/clock.js";

const MENTORS = [
  { name: "Asha (fintech)", industry: "fintech", topics: ["interviewing", "cv", "salary negotiation"], capacity: 2 },
  { name: "Ben (software)", industry: "software", topics: ["system design", "interviewing"], capacity: 2 },
  { name: "Carla (health)", industry: "healthcare", topics: ["career switch", "networking"], capacity: 1 },
  { name: "Dev (data)", industry: "data", topics: ["cv", "portfolio review"], capacity: 2 },
  { name: "Eve (retail)", industry: "retail", topics: ["leadership", "networking"], capacity: 1 },
];

const ASKS = [
  ["interviewing", "cv"],
  ["career switch"],
  ["cv", "portfolio review"],
  ["salary negotiation", "interviewing"],
  ["networking", "linkedin"],
  ["system design"],
  ["public sector careers"],
] as const;

function id(n: number): string {
  return String(700000000000000000n + BigInt(n));
}

/** Seeds `guildId` with 12 weeks of history ending at `now`; returns the members' ids. */
export async function seedDemoHistory(db: Db, guildId: string, now: Date): Promise<{ mentors: string[]; mentees: string[] }> {
  await changeGuildSettings(db, guildId, { reviewRequired: false, maxPendingRequests: 10, requestsPerHour: 50 }, "demo");
  const start = new Date(now.getTime() - 12 * 7 * DAY_MS);
  const mentors: string[] = [];
  for (const [i, m] of MENTORS.entries()) {
    const userId = id(i + 1);
    await saveMentorProfile(db, guildId, { id: userId, displayName: m.name }, { industry: m.industry, stage: "senior", topics: [...m.topics], about: `I help with ${m.topics.join(", ")} in ${m.industry}.`, capacity: m.capacity });
    mentors.push(userId);
  }
  const mentees: string[] = [];
  const active: { matchId: number; mentee: string; since: number }[] = [];
  for (let week = 0; week < 12; week++) {
    const t = (day: number, hour = 10) => new Date(start.getTime() + (week * 7 + day) * DAY_MS + hour * 3_600_000);
    // New mentees: more every week as word spreads.
    for (let k = 0; k < 2 + Math.floor(week / 3); k++) {
      const n = mentees.length;
      const userId = id(100 + n);
      const ask = ASKS[n % ASKS.length] ?? ["cv"];
      await saveMenteeProfile(db, guildId, { id: userId, displayName: `Student ${n + 1}` }, { industry: MENTORS[n % MENTORS.length]?.industry ?? "retail", stage: n % 3 === 0 ? "early" : "student", topics: [...ask], about: `I would like help with ${ask.join(" and ")}.` }, t(0));
      mentees.push(userId);
    }
    // Matches that ran for 5 weeks end (places come back).
    for (const a of active.filter((x) => week - x.since >= 5)) {
      await endMatch(db, guildId, a.matchId, a.mentee, 4 + (a.matchId % 2), null, t(1));
      active.splice(active.indexOf(a), 1);
    }
    // Up to two new matches a week, for the longest-waiting mentees a mentor fits.
    let started = 0;
    for (const mentee of mentees) {
      if (started >= 2) break;
      if (active.some((a) => a.mentee === mentee)) continue;
      for (const mentor of mentors) {
        try {
          const { match } = await requestMentor(db, guildId, mentee, mentor, null, t(2));
          await acceptRequest(db, guildId, match.id, mentor, t(2, 14));
          active.push({ matchId: match.id, mentee, since: week });
          started++;
          break;
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
        }
      }
    }
    // Office hours every third week on interviewing, 6 seats, most of them filled and attended.
    if (week % 3 === 1) {
      const startsAt = t(3, 17);
      const officeHour = await recordOfficeHour(
        db,
        { guildId, host: { id: mentors[0] ?? id(1), displayName: MENTORS[0]?.name ?? "Asha" }, topic: { key: "interviewing", label: "interviewing" }, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), durationMinutes: 60, seats: 6, channelId: null, description: "Mock interview questions", timezone: null },
        null,
        t(0),
      );
      for (const [k, mentee] of mentees.slice(-6).entries()) {
        await joinOfficeHour(db, guildId, officeHour.id, { id: mentee, displayName: `Student ${mentees.indexOf(mentee) + 1}` }, t(1));
        if (k < 5) await db.officeHourSignup.updateMany({ where: { officeHourId: officeHour.id, userId: mentee }, data: { attended: true } });
      }
      await db.officeHour.update({ where: { id: officeHour.id }, data: { announceDueAt: null } });
    }
  }
  return { mentors, mentees };
}
