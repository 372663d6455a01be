// The timed half of office hours: reminders 1 hour before (seat holders), notices that a seat came
// free or that an office hour was cancelled, and the announcement of a new office hour to waiting
// mentees whose topics match (bounded batches per tick). Due times live in the database and each
// item is claimed with a compare-and-set in the service, so it is sent once, restarts included.
import { sendAnnouncements, sendOfficeHourNotices } from "../commands/office-hours.js";
import type { Deps } from "../interaction/command.js";
import { processOfficeHours } from "../services/office-hours.js";
import type { GuildScope } from "../services/expiry.js";

export interface OfficeHourSummary {
  officeHourReminders: number;
  officeHourNotices: number;
  officeHourAnnouncements: number;
}

export async function runOfficeHourJobs(deps: Deps, guilds?: GuildScope): Promise<OfficeHourSummary> {
  const work = await processOfficeHours(deps.db, deps.clock.now(), guilds);
  await sendOfficeHourNotices(deps, work.reminders.map((r) => ({ ...r, kind: "reminder" as const })));
  await sendOfficeHourNotices(deps, work.notices);
  const announced = await sendAnnouncements(deps, work.announcements);
  return { officeHourReminders: work.reminders.length, officeHourNotices: work.notices.length, officeHourAnnouncements: announced };
}
