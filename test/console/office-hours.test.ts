// Office hours, resources and /mod stats in the local console with the real commands and timed
// jobs: the scheduled event and the public thread are printed, buttons are pressed by their
// tokens, `/clock` brings the announcement and the reminder, and the charts are saved as PNG files
// whose paths are shown.
import { readFileSync, rmSync } from "node:fs";
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
/as kim
/mentor profile industry:software stage:senior topics:"interviewing, cv" about:"I have hired many engineers and run mock interviews." timezone:Europe/London
/as lou
/mentee profile industry:software stage:student topics:interviewing about:"Preparing for my first interviews in software."
/as ann
/mentee profile industry:software stage:student topics:"interviewing, cv" about:"Looking for help with my CV and interviews."
/as kim
/office-hours create topic:Interviews when:"2030-01-02 18:00" duration:60 seats:1
/resources add url:"https://example.org/interview-guide" title:"Interview guide" topics:"interviewing, cv"
/clock +1m
/as lou
/press join-1-1
/as ann
/press join-1-0
/as lou
/press leave-1-0
/clock +1d
/clock +9h
/as mia --mod
/mod stats horizon:4
/resources find topic:cv
`;

describe("office hours in the console", () => {
  it("prints the event and the sign-up thread, moves the waitlist, sends the announcement and the reminder with /clock, and saves the stats charts as PNG files", async () => {
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
    if (process.env.DEBUG_OUT === "1") console.log(out);
    expect(out).not.toContain("error:");
    expect(out).not.toContain("Something went wrong");
    expect(code).toBe(0);
    expect(out).toContain('→ Discord event "Office hours: interviewing with kim" created (external, at https://discord.com/channels/');
    expect(out).toMatch(/→ public thread "Office hours #1: interviewing" opened in #general:/);
    expect(out).toContain("[Join] (/press join-1-0)  [Leave] (/press leave-1-0)");
    expect(out).toMatch(/→ Discord event console-event-1: location set to https:\/\/discord\.com\/channels\/\d+\/\d+/);
    // The announcement went to both waiting mentees after /clock.
    expect(out).toMatch(/→ DM to @lou:\n {2}┌─ 🎓 New office hours on interviewing/);
    expect(out).toMatch(/→ DM to @ann:\n {2}┌─ 🎓 New office hours on interviewing/);
    expect(out).toContain("✅ You have a seat at office hours #1");
    expect(out).toContain("you are #1 on the waitlist for #1");
    expect(out).toMatch(/→ DM to @ann:\n {2}┌─ 🎟️ You have a seat: Office hours #1: interviewing/);
    expect(out).toMatch(/→ DM to @ann:\n {2}┌─ ⏰ Starting within the hour: Office hours #1: interviewing/);
    expect(out).toContain("┌─ Capacity, coverage and forecast");
    for (const name of ["waiting-and-active.png", "topics.png"]) {
      const saved = new RegExp(`📎 ${name.replace(".", "\\.")} → (\\S+)`).exec(out)?.[1];
      expect(path.dirname(saved ?? "")).toBe(filesDir);
      expect(readFileSync(saved ?? "").subarray(1, 4).toString()).toBe("PNG");
    }
    expect(out).toContain("#1 Interview guide: <https://example.org/interview-guide>");
  }, 60_000);
});
