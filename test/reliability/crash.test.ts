// The SIGKILL durability test of scripts/crash-test.ts, 5 runs: a separate child process writes
// through the real services to the real database (WAL, synchronous=FULL) and is killed with
// SIGKILL mid-stream; every acknowledged write must survive and the file must stay intact.
// `npx tsx scripts/crash-test.ts --runs 50` runs the long version.
import { expect, it } from "vitest";
import { runCrashTest } from "../../scripts/crash-test.js";

it("given a writer killed with SIGKILL 10–400 ms after its first acknowledged write, 5 times, then the database passes integrity_check and every acknowledged write is present", async () => {
  const lines: string[] = [];
  const summary = await runCrashTest({ runs: 5, log: (line) => lines.push(line) });
  const { failures, ...figures } = summary;
  console.log(`${lines.join("\n")}\n${JSON.stringify(figures)}`);
  expect(failures).toEqual([]);
  expect(summary.crashRuns).toBe(5);
  expect(summary.integrityOk).toBe(5);
  expect(summary.ackedWrites).toBeGreaterThanOrEqual(5);
  expect(summary.lostWrites).toBe(0);
  expect(summary.phantomWrites).toBe(0);
}, 120_000);
