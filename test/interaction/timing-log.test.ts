// Every handled interaction logs one line with command, guildId, durationMs and deferred.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { menteeProfile, mentorProfile } from "../support/fixtures.js";
import { createHarness, GUILD, member, type Harness } from "../support/interactions.js";

const lines: Record<string, unknown>[] = [];
const stream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split("\n")) if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let database: TempDatabase;
let h: Harness;
beforeAll(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db, undefined, undefined, createLogger("debug", stream));
});
afterAll(async () => {
  await database?.cleanup();
});

const handled = () => lines.filter((l) => l["msg"] === "interaction handled" && l["kind"] !== "autocomplete");
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("timing log line", () => {
  it("given a command answered at once then one line names it, its server, its duration and deferred false", async () => {
    lines.length = 0;
    await mentorProfile(h, member("Ada"));
    await tick();
    const [line, ...rest] = handled();
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ command: "mentor profile", guildId: GUILD, deferred: false, level: 30 });
    expect(typeof line?.["durationMs"]).toBe("number");
    expect(line?.["durationMs"]).toBeGreaterThanOrEqual(0);
  });

  it("given a deferred command (/mod stats) then its line says deferred true", async () => {
    await menteeProfile(h, member("Bo"));
    lines.length = 0;
    const res = await h.run(member("Mod", { canManageGuild: true }), "/mod stats");
    await tick();
    expect(res.events[0]?.kind).toBe("defer");
    expect(handled()).toMatchObject([{ command: "mod stats", guildId: GUILD, deferred: true }]);
  });

  it("given a failing command and a stale button then each still logs exactly one line, the button as command:action", async () => {
    lines.length = 0;
    await h.run(member("Cy"), "/mentor profile", { industry: "x" });
    await h.press(member("Cy"), "match:nosuch:1");
    await tick();
    expect(handled()).toMatchObject([
      { command: "mentor profile", guildId: GUILD, deferred: false },
      { command: "match:nosuch", guildId: GUILD, deferred: false },
    ]);
    expect(JSON.stringify(handled())).not.toContain("match:nosuch:1");
  });

  it("given autocomplete then its line is at debug level (one per keystroke) with the same keys", async () => {
    lines.length = 0;
    await h.complete(member("Di"), "/mentee profile", { name: "topics", value: "inter" });
    await tick();
    const line = lines.find((l) => l["msg"] === "interaction handled");
    expect(line).toMatchObject({ level: 20, kind: "autocomplete", command: "mentee profile", option: "topics", guildId: GUILD, deferred: false });
    expect(typeof line?.["durationMs"]).toBe("number");
  });
});
