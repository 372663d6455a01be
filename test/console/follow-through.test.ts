// Follow-through in the local console with the bot's real commands and timed jobs: attachments
// (the .ics invite, the data export) are written to files whose paths are shown, and `/clock`
// moves time so that reminders, check-ins and session reminders come out as they would in Discord.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.js";
import { runConsole } from "../../src/console/run.js";
import { runDueJobs } from "../../src/jobs/expiry.js";
import { ManualClock } from "../../src/services/clock.js";
import { tempDir } from "../support/db.js";
import { openTempDatabase, StringSink, type TempDatabase } from "./fixtures.js";

let database: TempDatabase;
let filesDir: string;

beforeAll(async () => {
  database = await openTempDatabase();
  filesDir = tempDir("console-files-");
});

afterAll(async () => {
  await database.cleanup();
  rmSync(filesDir, { recursive: true, force: true });
});

const SCRIPT = `
/as mia --mod
/mod config review-required:false checkin-days:3
/as bob
/mentor profile industry:fintech stage:senior topics:"interviewing, cv" about:"Payments engineer and hiring manager" timezone:Europe/London
/as alice
/mentee profile industry:fintech stage:student topics:"interviewing, cv" about:"Final-year student preparing for fintech interviews" timezone:Asia/Tokyo
/match request mentor:@bob
/as bob
/press accept-1
/match note match:1 text:"Alice: send me two job ads" due:2030-01-04 for:@alice
/match schedule match:1 when:"2030-01-03 18:00" duration:45 where:"Zoom"
/match actions match:1
/as alice
/profile export
/clock +1d
/clock +1d
/as bob
/press done-1-0
/clock +1d
/press checkin-1-1
`;

describe("the console with the real commands and timed jobs", () => {
  it("shows attachments as saved files and moves reminders, check-ins and session reminders with /clock", async () => {
    const output = new StringSink();
    const code = await runConsole({
      db: database.db,
      commands,
      input: Readable.from([SCRIPT]),
      output,
      interactive: false,
      clock: new ManualClock(new Date("2030-01-01T08:00:00Z")),
      filesDir,
      tick: async (deps) => {
        await runDueJobs(deps);
      },
    });
    const out = output.text;
    expect(out).not.toContain("error:");
    expect(out).not.toContain("Something went wrong");
    expect(code).toBe(0);

    // The session: posted to both by DM (no match channel) with its invite saved to a file.
    expect(out).toMatch(/Session #1 scheduled for Thu 3 Jan 2030, 18:00 \(Europe\/London\)/);
    const invite = /📎 mentoring-session-1\.ics → (\S+)/.exec(out)?.[1];
    expect(invite).toBeDefined();
    expect(path.dirname(invite ?? "")).toBe(filesDir);
    expect(readFileSync(invite ?? "", "utf8")).toContain("DTSTART:20300103T180000Z");
    // Timestamps are shown readably (the console has no reader's time zone: UTC).
    expect(out).toContain("2030-01-03 18:00 UTC");

    // The export: an ephemeral reply whose JSON file is saved and readable.
    const exported = /📎 (mentor-bot-export-2030-01-01\.json) → (\S+)/.exec(out);
    expect(exported?.[2]).toBeDefined();
    expect(existsSync(exported?.[2] ?? "")).toBe(true);
    expect(JSON.parse(readFileSync(exported?.[2] ?? "", "utf8"))).toMatchObject({ profile: { displayName: "alice", timezone: "Asia/Tokyo" } });

    // /clock +1d (2030-01-02 08:00): the 24-hour session reminder is not due yet (18:00).
    const [, afterFirst = "", afterSecond = "", afterThird = ""] = out.split(/> \/clock \+1d\n/);
    expect(afterFirst.split("> ")[0]).not.toContain("starts within 24 hours");
    // /clock +1d (2030-01-03 08:00): the 24-hour reminder came out; 09:00 Tokyo on the 4th is
    // 00:00 UTC on the 4th, so Alice's action reminder is not due yet either.
    expect(afterSecond.split("> ")[0]).toContain("Your session starts within 24 hours");
    expect(afterSecond.split("> ")[0]).not.toContain("Action point due today");
    // /press done-1-0 ticks the action off in the console as well.
    expect(out).toMatch(/> \/press done-1-0\n[\s\S]*✅ Action point #1 is done\./);
    // /clock +1d (2030-01-04 08:00): the session was held, the check-in (3 days) came to both,
    // and no reminder for the action that is already done.
    const third = afterThird.split("> /press")[0] ?? "";
    expect(third).toMatch(/→ DM to @bob:\n {2}┌─ How is it going with alice\?/);
    expect(third).toMatch(/→ DM to @alice:\n {2}┌─ How is it going with bob\?/);
    expect(third).not.toContain("Action point due today");
    expect(out).toContain("[Going well] (/press checkin-1-1)");
    expect(out).toContain("glad match #1 is going well");
    const held = await database.db.matchSession.findFirstOrThrow();
    expect(held.status).toBe("held");
  }, 60_000);
});
