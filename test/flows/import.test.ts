// Bulk import (npm run import, the service behind /mod import) on a real migrated database: SQLite
// in the "sqlite" project, PostgreSQL in the "postgres" one. Topics must come out exactly as the
// profile commands store them; a bad row writes nothing; rows upsert by Discord user id.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseImportFile, parseImportFileYielding } from "../../src/commands/shared/import-file.js";
import { CsvSyntaxError, parseCsv } from "../../src/domain/csv.js";
import { importProfiles, type ImportRow } from "../../src/services/import.js";
import { currentMatchingVersion, matchingChangesSince } from "../../src/storage/matching-version.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { mentorProfile } from "../support/fixtures.js";
import { createHarness, GUILD, OTHER_GUILD, type Harness, type Member } from "../support/interactions.js";

const run = promisify(execFile);
const NOW = new Date("2026-11-02T10:00:00Z");
const HEADER = "discord_id,role,name,industry,stage,topics,about,capacity,accepts_from";

let database: TempDatabase;
let h: Harness;
beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db);
});
afterEach(async () => database.cleanup());

function rowsOf(text: string, fileName = "import.csv"): ImportRow[] {
  const file = parseImportFile(text, fileName);
  if (!file.ok) throw new Error(`expected a valid file: ${file.errors.join("; ")}`);
  return file.rows;
}

async function topicKeys(userId: string, role: string, guildId = GUILD): Promise<string[]> {
  const rows = await database.db.profileTopic.findMany({ where: { role, profile: { guildId, userId } }, include: { topic: true } });
  return rows.map((r) => r.topic.key).sort();
}

describe("parseCsv", () => {
  it("given quoted fields with commas, line breaks and doubled quotes then each stays one field", () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","say ""hi""\nthere"\r\n\r\n2,,"last"';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "x, y", 'say "hi"\nthere'] },
      { line: 5, fields: ["2", "", "last"] },
    ]);
  });

  it("given an unclosed quote or text after a closing quote then the error names the line", () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(/line 2: a double quote opened here is never closed/);
    expect(() => parseCsv('a\n"x"y')).toThrow(/line 2: text after a closing double quote/);
  });
});

describe("parseImportFile", () => {
  it("given a CSV with a quoted comma in a name and in topics then the row is read whole", () => {
    const rows = rowsOf(`${HEADER}\n210000000000000001,mentor,"Okafor, Daniel",software,senior,"leadership, cv","I advise first-time managers, and CVs.",3,\n`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ where: "row 2", userId: "210000000000000001", role: "mentor", name: "Okafor, Daniel", topics: ["leadership", "cv"], capacity: 3 });
  });

  it("given bad rows then every problem names the row and the field and why, and no row is returned", () => {
    const file = parseImportFile(
      [
        HEADER,
        "210000000000000001,mentor,Ada,software,wizard,cv,Long enough about text.,3,",
        "12,mentee,Bo,retail,student,cv,Long enough about text.,,anyone",
        "210000000000000003,mentee,Cy,retail,student,cv,Long enough about text.,4,",
        "210000000000000004,mentor,Di,retail,senior,cv,short,11,",
        "210000000000000005,mentor,Ed,retail",
      ].join("\n"),
      "x.csv",
    );
    expect(file.ok).toBe(false);
    if (file.ok) return;
    expect(file.errors).toEqual([
      "row 2, field `stage`: must be one of: student, early, mid, senior, executive",
      "row 3, field `discord_id`: must be a Discord user id (17–20 digits)",
      "row 4, field `capacity`: is for mentor rows only (this row's role is mentee)",
      "row 5, field `about`: must be at least 10 characters",
      "row 5, field `capacity`: must be from 1 to 10",
      "row 6: has 4 fields, the header has 9 (a comma inside a value needs the value in double quotes)",
    ]);
  });

  it("given a header without a required column or with an unknown one then the header row is named", () => {
    const file = parseImportFile("discord_id,role,name,industry,stage,topics,colour\n", "x.csv");
    expect(file.ok ? [] : file.errors).toEqual([
      'header row, column "colour": unknown column (known: discord_id, role, name, industry, stage, topics, about, headline, timezone, visibility, capacity, advises, available, accepts_from, changing_career, target_industry)',
      'header row: the column "about" is missing (required: discord_id, role, name, industry, stage, topics, about)',
    ]);
  });

  it("given the community file format then its field names are used in messages and valid entries become rows", () => {
    const file = parseImportFile(JSON.stringify({ mentors: [{ id: "m-asha", name: "Asha", industry: "fintech", stage: "senior", topics: ["cv"], about: "Ten characters at least.", capacity: 2 }], mentees: [] }), "c.json");
    expect(file.ok ? [] : file.errors).toEqual(["mentors[0], field `id`: must be a Discord user id (17–20 digits)"]);
    const ok = rowsOf(JSON.stringify({ mentees: [{ id: "210000000000000009", name: "Lu", industry: "retail", stage: "early", topics: ["Resumes", "job hunting"], about: "I want to move into product.", acceptsFrom: "senior-plus", changingCareer: true, targetIndustry: "fintech" }] }), "c.json");
    expect(ok[0]).toMatchObject({ where: "mentees[0]", role: "mentee", acceptsFrom: "senior-plus", changingCareer: true, targetIndustry: "fintech" });
  });

  it("given blank rows a spreadsheet adds (,,,,) then they are skipped", () => {
    const rows = rowsOf(`${HEADER}\n,,,,,,,,\n210000000000000001,mentee,Ada,software,student,cv,Long enough about text.,,\n,,,,,,,,\n`);
    expect(rows.map((r) => r.where)).toEqual(["row 3"]);
  });

  it("given a big file then the yielding parser (the bot's) lets timers run meanwhile and reads the same rows", async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${String(260000000000000000n + BigInt(i))},mentee,"E, ${i}",retail,student,"cv, networking",I want help with my first job.,,`);
    const text = [HEADER, ...lines].join("\n");
    let ticks = 0;
    const timer = setInterval(() => void ticks++, 1);
    try {
      const yielding = await parseImportFileYielding(text, "big.csv");
      const during = ticks;
      expect(yielding).toEqual(parseImportFile(text, "big.csv"));
      expect(yielding.ok && yielding.rows.length).toBe(3000);
      expect(during).toBeGreaterThanOrEqual(3);
    } finally {
      clearInterval(timer);
    }
  });

  it("given the same member twice for one role then the second row is refused", () => {
    const line = "210000000000000001,mentee,Ada,software,student,cv,Long enough about text.,,";
    const file = parseImportFile(`${HEADER}\n${line}\n${line}\n`, "x.csv");
    expect(file.ok ? [] : file.errors).toEqual(["row 3, field `discord_id`: 210000000000000001 already has a mentee row (row 2); give each member at most one row per role"]);
  });
});

describe("importProfiles", () => {
  it("given the example CSV then profiles are created with topics normalised as the profile commands store them", async () => {
    const text = "discord_id,role,name,industry,stage,topics,about\n" + '210000000000000001,mentee,Lu,FinTech,early,"Resumes, job hunting, cv","I want to move into product, ""soon""."\n';
    const summary = await importProfiles(database.db, GUILD, rowsOf(text), { now: NOW, dryRun: false });
    expect(summary).toMatchObject({ rows: 1, members: 1, newMembers: 1, mentee: { created: 1, updated: 0, unchanged: 0 }, mentor: { created: 0 } });
    const imported = await database.db.profile.findUniqueOrThrow({ where: { guildId_userId: { guildId: GUILD, userId: "210000000000000001" } } });
    expect(imported).toMatchObject({ isMentee: true, isMentor: false, displayName: "Lu", wantsAdviceOn: 'I want to move into product, "soon".', menteeWaitingSince: NOW, menteeSince: NOW });

    // The same values through /mentee profile, in another server: the same industry and tags.
    const lu: Member = { id: "210000000000000001", displayName: "Lu" };
    const res = await h.run(lu, "/mentee profile", { industry: "FinTech", stage: "early", topics: "Resumes, job hunting, cv", about: "I want to move into product." }, OTHER_GUILD);
    expect(res.events[0]?.kind).toBe("reply");
    const saved = await database.db.profile.findUniqueOrThrow({ where: { guildId_userId: { guildId: OTHER_GUILD, userId: lu.id } } });
    expect(imported.industry).toBe(saved.industry);
    expect(await topicKeys(lu.id, "mentee")).toEqual(await topicKeys(lu.id, "mentee", OTHER_GUILD));
    expect(await topicKeys(lu.id, "mentee")).toContain("cv");
  });

  it("given a file with one bad row among good ones then nothing at all is written", async () => {
    const good = Array.from({ length: 20 }, (_, i) => `2100000000000001${String(i).padStart(2, "0")},mentor,M${i},software,senior,cv,Long enough about text.,2,`);
    const file = parseImportFile([HEADER, ...good, "210000000000000999,mentor,Bad,software,senior,cv,Long enough about text.,zero,"].join("\n"), "x.csv");
    expect(file.ok).toBe(false);
    expect(file.ok ? [] : file.errors).toEqual(["row 22, field `capacity`: must be a whole number from 1 to 10"]);
    // What `npm run import` does on a bad file: stop before the database.
    const cli = await runCli(file.ok ? "" : [HEADER, ...good, "210000000000000999,mentor,Bad,software,senior,cv,Long enough about text.,zero,"].join("\n"));
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("row 22, field `capacity`: must be a whole number from 1 to 10");
    expect(cli.stderr).toContain("nothing was imported");
    expect(await database.db.profile.count()).toBe(0);
    expect(await database.db.topic.count()).toBe(0);
  });

  it("given a member who made their profile with /mentor profile then the import updates it by Discord user id", async () => {
    const ada: Member = { id: "210000000000000001", displayName: "Ada" };
    await mentorProfile(h, ada, 0, { capacity: 2 });
    const before = await database.db.profile.findUniqueOrThrow({ where: { guildId_userId: { guildId: GUILD, userId: ada.id } } });
    const text = `${HEADER}\n${ada.id},mentor,Ada,fintech,senior,"interviewing, cv, salary negotiation",Mentor 0: I help with interviews.,4,\n${ada.id},mentee,Ada,fintech,senior,public speaking,I want to give better conference talks.,,senior-plus\n210000000000000002,mentor,Bo,software,mid,system design,I review system design interviews.,1,\n`;
    const dry = await importProfiles(database.db, GUILD, rowsOf(text), { now: NOW, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, members: 2, newMembers: 1, mentor: { created: 1, updated: 1, unchanged: 0 }, mentee: { created: 1, updated: 0, unchanged: 0 } });
    expect(await database.db.profile.count()).toBe(1);

    const summary = await importProfiles(database.db, GUILD, rowsOf(text), { now: NOW, dryRun: false });
    expect({ ...summary, dryRun: true }).toEqual(dry);
    const after = await database.db.profile.findUniqueOrThrow({ where: { guildId_userId: { guildId: GUILD, userId: ada.id } } });
    expect(after).toMatchObject({ id: before.id, mentorCapacity: 4, isMentor: true, isMentee: true, menteeAcceptsFrom: "senior-plus", canAdviseOn: "Mentor 0: I help with interviews." });
    expect(await database.db.profile.count({ where: { guildId: GUILD } })).toBe(2);

    // A mentor paused "until" a date, switched on by the import: on from now on, no date left.
    await database.db.profile.update({ where: { id: before.id }, data: { mentorAvailable: false, mentorAvailableUntil: new Date(NOW.getTime() + 86_400_000), mentorMissedInARow: 2 } });
    const on = `${HEADER.replace("accepts_from", "available")}\n${ada.id},mentor,Ada,fintech,senior,"interviewing, cv, salary negotiation",Mentor 0: I help with interviews.,4,yes\n`;
    expect((await importProfiles(database.db, GUILD, rowsOf(on), { now: NOW, dryRun: false })).mentor).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await database.db.profile.findUniqueOrThrow({ where: { id: before.id } })).toMatchObject({ mentorAvailable: true, mentorAvailableUntil: null, mentorMissedInARow: 0 });

    // Again: nothing changes.
    const again = await importProfiles(database.db, GUILD, rowsOf(text), { now: new Date(NOW.getTime() + 60_000), dryRun: false });
    expect(again).toMatchObject({ newMembers: 0, mentor: { created: 0, updated: 0, unchanged: 2 }, mentee: { created: 0, updated: 0, unchanged: 1 } });
    const unchanged = await database.db.profile.findUniqueOrThrow({ where: { id: before.id } });
    expect(unchanged.menteeWaitingSince).toEqual(NOW);
  });

  it("given more members than one batch then every batch is written and counted", async () => {
    const lines = Array.from({ length: 23 }, (_, i) => `2100000000000002${String(i).padStart(2, "0")},mentee,E${i},retail,student,"cv, networking",I want help with my first job.,,`);
    const batches: number[] = [];
    const summary = await importProfiles(database.db, GUILD, rowsOf([HEADER, ...lines].join("\n")), { now: NOW, dryRun: false, batchSize: 5, onBatch: (done) => void batches.push(done) });
    expect(batches).toEqual([5, 10, 15, 20, 23]);
    expect(summary.mentee.created).toBe(23);
    expect(await database.db.profile.count({ where: { guildId: GUILD, isMentee: true } })).toBe(23);
    expect(await database.db.profileTopic.count()).toBe(46);
  });

  it("given a batch that updates many existing members then the server's matching version moves a few times per batch, not once per member, and each member is marked changed", async () => {
    const line = (i: number, about: string) => `2100000000000003${String(i).padStart(2, "0")},mentee,E${i},retail,student,cv,${about},,`;
    await importProfiles(database.db, GUILD, rowsOf([HEADER, ...Array.from({ length: 40 }, (_, i) => line(i, "I want help with my first job."))].join("\n")), { now: NOW, dryRun: false });
    const before = await currentMatchingVersion(database.db, GUILD);
    const summary = await importProfiles(database.db, GUILD, rowsOf([HEADER, ...Array.from({ length: 40 }, (_, i) => line(i, "I want help moving into data work."))].join("\n")), { now: NOW, dryRun: false });
    expect(summary.mentee.updated).toBe(40);
    const moved = (await currentMatchingVersion(database.db, GUILD)) - before;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThanOrEqual(3);
    const changes = await matchingChangesSince(database.db, GUILD, before);
    const ids = await database.db.profile.findMany({ where: { guildId: GUILD }, select: { id: true } });
    expect([...changes.profileIds].sort((a, b) => a - b)).toEqual(ids.map((p) => p.id).sort((a, b) => a - b));
  });
});

describe("npm run import", () => {
  it("given the example CSV then it prints the counts per role and a second run finds everything unchanged", async () => {
    const example = path.join(process.cwd(), "examples", "import.csv");
    const first = await runCli(null, ["--input", example]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("4 row(s) for 3 member(s); 3 members were new to the server.");
    expect(first.stdout).toContain("Mentors: 2 created, 0 updated, 0 unchanged.");
    expect(first.stdout).toContain("Mentees: 2 created, 0 updated, 0 unchanged.");
    const second = await runCli(null, ["--input", example]);
    expect(second.stdout).toContain("Mentors: 0 created, 0 updated, 2 unchanged.");
    const daniel = await database.db.profile.findUniqueOrThrow({ where: { guildId_userId: { guildId: GUILD, userId: "210000000000000003" } } });
    expect(daniel).toMatchObject({ displayName: "Okafor, Daniel", isMentor: true, isMentee: true, mentorCapacity: 3 });
    expect(daniel.canAdviseOn).toContain("\n");
  });
});

async function runCli(text: string | null, extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ["tsx", "scripts/import.ts", "--guild", GUILD, "--database", database.url, ...extra];
  if (text !== null) {
    const file = path.join(database.dir, "input.csv");
    writeFileSync(file, text);
    args.push("--input", file);
  }
  try {
    const { stdout, stderr } = await run("npx", args, { cwd: process.cwd(), env: { ...process.env, LOG_LEVEL: "silent" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}
