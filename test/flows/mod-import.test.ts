// /mod import through the real router and handler: the attachment is served by a loopback HTTP
// server (as Discord's CDN would serve it) and fetched by the bot's real fetcher; the console's
// /mod import reads a local file.
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.js";
import { CONSOLE_GUILD_ID } from "../../src/console/ids.js";
import { runConsole } from "../../src/console/run.js";
import { ManualClock } from "../../src/services/clock.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { limitProblems } from "../support/discord-limits.js";
import { allText, createHarness, GUILD, member, type Harness } from "../support/interactions.js";
import { StringSink } from "../console/fixtures.js";

const CSV = [
  "discord_id,role,name,industry,stage,topics,about,capacity",
  '220000000000000001,mentor,"Okafor, Daniel",software,executive,"leadership, people management","CTO at a SaaS company, happy to help new managers.",3',
  "220000000000000002,mentee,Lu,retail,early,\"Resumes, job hunting\",I want to move into product management.,",
].join("\n");

interface Served {
  body: string | Buffer;
  type: string | null;
}
const files = new Map<string, Served>();
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const file = files.get(req.url ?? "");
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, file.type === null ? {} : { "content-type": file.type });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

function serve(name: string, body: string | Buffer, type: string | null = "text/csv; charset=utf-8"): string {
  files.set(`/attachments/1/2/${name}`, { body, type });
  return `${base}/attachments/1/2/${name}`;
}

let database: TempDatabase;
let h: Harness;
const mod = member("Mod", { canManageGuild: true });
beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db, commands);
});
afterEach(async () => database.cleanup());

function lastEdit(res: Awaited<ReturnType<Harness["run"]>>) {
  const edits = res.events.filter((e) => e.kind === "editReply");
  const last = edits[edits.length - 1]?.message;
  if (last === undefined) throw new Error(`no edit: ${JSON.stringify(res.events)}`);
  return last;
}

describe("/mod import", () => {
  it("given a CSV attachment and dry-run then it defers, shows the counts and writes nothing", async () => {
    const res = await h.run(mod, "/mod import", { file: serve("signups.csv", CSV), "dry-run": true });
    expect(res.events[0]?.kind).toBe("defer");
    const message = lastEdit(res);
    expect(limitProblems(message)).toEqual([]);
    const text = allText(message);
    expect(text).toContain("dry run, nothing was written");
    expect(text).toContain("Mentors: 1 created, 0 updated, 0 unchanged.");
    expect(text).toContain("Mentees: 1 created, 0 updated, 0 unchanged.");
    expect(await database.db.profile.count()).toBe(0);
  });

  it("given the same file without dry-run then the profiles are written, topics normalised, and the import is audited", async () => {
    const res = await h.run(mod, "/mod import", { file: serve("signups.csv", CSV) });
    expect(allText(lastEdit(res))).toContain("Import done");
    const lu = await database.db.profile.findUniqueOrThrow({ where: { guildId_userId: { guildId: GUILD, userId: "220000000000000002" } }, include: { topics: { include: { topic: true } } } });
    expect(lu.topics.map((t) => t.topic.key).sort()).toEqual(["cv", "jobsearch"]);
    const audit = await h.run(mod, "/mod audit");
    expect(allText(audit.last)).toContain("import — 2 rows: mentors 1 created, 0 updated; mentees 1 created, 0 updated");
  });

  it("given a file with a bad row then the first problems are listed, within Discord's limits, and nothing is written", async () => {
    const bad = `${CSV}\n220000000000000003,mentor,Bo,software,guru,cv,Long enough text here.,99\n${Array.from({ length: 30 }, (_, i) => `2200000000000001${String(i).padStart(2, "0")},mentee,X,retail,student,cv,short,`).join("\n")}`;
    const res = await h.run(mod, "/mod import", { file: serve("bad.csv", bad) });
    const message = lastEdit(res);
    expect(limitProblems(message)).toEqual([]);
    // Problems quote the file, so they are markdown-escaped: \` shows as a backtick in Discord.
    const text = allText(message).replaceAll("\\`", "`");
    expect(text).toContain("The file has 32 problem(s); nothing was imported.");
    expect(text).toContain("row 4, field `stage`");
    expect(text).toContain("row 4, field `capacity`: must be from 1 to 10");
    expect(text).toContain("… and 22 more");
    expect(await database.db.profile.count()).toBe(0);
  });

  it("given a JSON community file then it is read as JSON", async () => {
    const json = JSON.stringify({ mentors: [{ id: "220000000000000005", name: "Asha", industry: "fintech", stage: "senior", topics: ["interviewing"], about: "I run mock interviews for product roles.", capacity: 2 }] });
    const res = await h.run(mod, "/mod import", { file: serve("community.json", json, "application/json") });
    expect(allText(lastEdit(res))).toContain("Mentors: 1 created");
  });

  it("given an image, a file over the size limit, a missing file or a non-URL then each gets one clear line and nothing is written", async () => {
    const cases: [string, RegExp][] = [
      [serve("photo.png", "x", "image/png"), /Option `file`: the file is image\/png; upload a \.csv or \.json file/],
      [serve("huge.csv", Buffer.alloc(10 * 1024 * 1024 + 10, 0x61)), /Option `file`: the file is 10\.0 MB; at most 10\.0 MB can be imported from Discord/],
      [`${base}/attachments/1/2/gone.csv`, /Option `file`: the file could not be downloaded \(HTTP 404\)/],
      ["not a url", /Option `file`: must be an uploaded file/],
      [serve("latin1.csv", Buffer.from([0x6e, 0xe9, 0x0a])), /not UTF-8 text/],
    ];
    for (const [file, expected] of cases) {
      const res = await h.run(mod, "/mod import", { file });
      expect(allText(res.last)).toMatch(expected);
      expect(allText(res.last)).not.toMatch(/reference `/);
    }
    expect(await database.db.profile.count()).toBe(0);
  });

  it("given a member without Manage Server or the moderator role then it is refused before any download", async () => {
    const res = await h.run(member("Nobody"), "/mod import", { file: serve("signups.csv", CSV) });
    expect(allText(res.last)).toContain("Only moderators");
    expect(await database.db.profile.count()).toBe(0);
  });
});

describe("/mod import in the console", () => {
  it("given a local file path then the console imports it like an upload", async () => {
    const file = path.join(database.dir, "signups.csv");
    writeFileSync(file, CSV);
    const output = new StringSink();
    const code = await runConsole({
      db: database.db,
      commands,
      input: Readable.from([["/as mo --mod", `/mod import file:"${file}" dry-run:true`, `/mod import file:"${file}"`, "/mod import file:./no-such-file.csv"].join("\n")]),
      output,
      interactive: false,
      clock: new ManualClock(new Date("2030-01-01T09:00:00Z")),
    });
    expect(code).toBe(0);
    expect(output.text).toContain("dry run, nothing was written");
    expect(output.text).toContain("Import done");
    expect(output.text).toMatch(/Option `file`: there is no file .*no-such-file\.csv/);
    expect(await database.db.profile.count({ where: { guildId: CONSOLE_GUILD_ID } })).toBe(2);
  });
});
