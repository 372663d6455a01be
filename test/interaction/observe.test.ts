// The router reports each interaction once, with a label of few values (no ids, no user text) and
// its outcome: what mentorbot_interactions_total counts.
import { afterEach, beforeEach, expect, it } from "vitest";
import { commands } from "../../src/commands/index.js";
import type { HandledInteraction } from "../../src/interaction/router.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { createHarness, member, type Harness } from "../support/interactions.js";

let database: TempDatabase;
let h: Harness;
let seen: HandledInteraction[];
beforeEach(async () => {
  database = await openTempDatabase();
  seen = [];
  h = createHarness(database.db, commands, new Date("2026-11-02T10:00:00Z"), undefined, { onHandled: (event) => seen.push(event) });
});
afterEach(async () => database.cleanup());

it("given answers, member mistakes and stale buttons then each is reported once with its command label and outcome", async () => {
  const ben = member("Ben");
  await h.run(ben, "/mentee profile", { industry: "software", stage: "student", topics: "interviews", about: "Preparing for interviews." });
  await h.run(ben, "/mod config", { "review-required": false }); // not a moderator
  await h.run(ben, "/mentee nonsense");
  await h.press(ben, "match:accept:999999");
  await h.press(ben, "nothing:here:1");
  await h.complete(ben, "/match request", { name: "mentor", value: "a" });
  expect(seen.map(({ kind, command, outcome }) => ({ kind, command, outcome }))).toEqual([
    { kind: "command", command: "mentee profile", outcome: "ok" },
    { kind: "command", command: "mod config", outcome: "user_error" },
    { kind: "command", command: "mentee", outcome: "user_error" },
    { kind: "button", command: "button:match:accept", outcome: "user_error" },
    { kind: "button", command: "button:unknown", outcome: "user_error" },
    { kind: "autocomplete", command: "autocomplete:match", outcome: "ok" },
  ]);
  for (const event of seen) expect(event.durationMs).toBeGreaterThanOrEqual(0);
});
