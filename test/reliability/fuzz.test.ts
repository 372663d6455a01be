// Property-based fuzzing of every command, button and modal through the real router, handlers,
// services and a migrated SQLite file. Options are generated from each command's registration
// JSON (names, types, choices, limits) with valid, boundary, hostile and wrongly typed values; see
// support/fuzz-gen.ts. FUZZ_RUNS inputs (default 300; CI runs 10000) per top-level command and for
// the buttons and modals, which are taken from the commands' declarations; FUZZ_SEED replays a run.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchCommand } from "../../src/commands/match.js";
import { menteeCommand } from "../../src/commands/mentee.js";
import { mentorCommand } from "../../src/commands/mentor.js";
import { modCommand } from "../../src/commands/mod.js";
import { profileCommand } from "../../src/commands/profile.js";
import { officeHoursCommand } from "../../src/commands/office-hours.js";
import { resourcesCommand } from "../../src/commands/resources.js";
import { commands } from "../../src/commands/index.js";
import { commandRecipes, componentRecipes, sweepRecipes, type Recipe } from "./support/fuzz-gen.js";
import { formatCounts, newCounts, runRecipe, type Counts } from "./support/fuzz-run.js";
import { checkStoredData, summarise } from "./support/scan.js";
import { buildWorld, type World } from "./support/world.js";

// Low by default so that `npm test` stays quick on a laptop; .ci/run sets FUZZ_RUNS=10000.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const TIMEOUT = Math.max(120_000, RUNS * 60);

interface Target {
  name: string;
  arb: fc.Arbitrary<Recipe>;
  replenishEvery?: number;
}

const TARGETS: Target[] = [
  { name: "/mentor", arb: commandRecipes(mentorCommand) },
  { name: "/mentee", arb: commandRecipes(menteeCommand) },
  { name: "/profile", arb: commandRecipes(profileCommand) },
  { name: "/match", arb: commandRecipes(matchCommand), replenishEvery: 500 },
  { name: "/mod", arb: commandRecipes(modCommand), replenishEvery: 250 },
  { name: "/office-hours", arb: commandRecipes(officeHoursCommand), replenishEvery: 500 },
  { name: "/resources", arb: commandRecipes(resourcesCommand) },
  { name: "buttons & modals", arb: componentRecipes(commands), replenishEvery: 250 },
];

const results = new Map<string, { counts: Counts; ms: number }>();

for (const target of TARGETS) {
  describe(`given ${RUNS} generated inputs to ${target.name}`, () => {
    let world: World;
    const counts = newCounts();
    beforeAll(async () => {
      world = await buildWorld({ fast: true });
    });
    afterAll(async () => world.close());

    it(
      "then each is answered exactly once, never with the apology or a logged error, and every error is ephemeral",
      async () => {
        const started = Date.now();
        await fc.assert(
          fc.asyncProperty(target.arb, (recipe) => runRecipe(world, recipe, counts, { replenishEvery: target.replenishEvery })),
          { numRuns: RUNS, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) },
        );
        const ms = Date.now() - started;
        results.set(target.name, { counts, ms });
        console.log(formatCounts(target.name, counts, ms));
        expect(counts.inputs).toBe(RUNS);
        // Valid values are mixed in often enough that a good share of inputs really does something…
        expect(counts.success).toBeGreaterThan(RUNS * 0.05);
        // …and the per-user rate limit (a real answer, not an error) stays rare.
        expect(counts.rateLimited).toBeLessThan(RUNS * 0.05);
      },
      TIMEOUT,
    );

    it("then nothing stored exceeds the documented limits (text lengths, ranges, enums, ≤ 10 topics per role)", () => {
      const v = checkStoredData(world.database);
      expect(summarise(v.tooLong), "text longer than its documented limit").toBe("none");
      expect(summarise(v.outOfRange), "number outside its documented range").toBe("none");
      expect(summarise(v.badEnum), "value outside its enumeration").toBe("none");
      expect(summarise(v.tooManyTopics), "more than 10 topics").toBe("none");
    });

    it("then no stored string contains zero-width or control characters", () => {
      const v = checkStoredData(world.database);
      expect(summarise(v.forbiddenChars), "stored zero-width / control characters").toBe("none");
    });
  });
}

describe("given every hostile constant, at-limit, over-limit and wrongly typed value in every option and form field, one at a time with the rest valid", () => {
  let world: World;
  const counts = newCounts();
  const recipes = sweepRecipes(commands);
  beforeAll(async () => {
    world = await buildWorld({ fast: true });
  });
  afterAll(async () => world.close());

  it(`then each of the ${recipes.length} inputs is answered exactly once, never with the apology or a logged error`, async () => {
    const failures: string[] = [];
    const started = Date.now();
    for (const recipe of recipes) {
      try {
        await runRecipe(world, recipe, counts, { replenishEvery: 200 });
      } catch (error) {
        failures.push(String(error instanceof Error ? error.message : error).split("\n  context:")[0] ?? "");
      }
    }
    console.log(formatCounts("sweep", counts, Date.now() - started).split("\n")[0]);
    expect(failures.slice(0, 5).join("\n\n") || "none", `${failures.length} of ${recipes.length} inputs failed`).toBe("none");
  }, 120_000);

  it("then nothing stored exceeds the documented limits", () => {
    const v = checkStoredData(world.database);
    expect(summarise([...v.tooLong, ...v.outOfRange, ...v.badEnum, ...v.tooManyTopics])).toBe("none");
  });

  it("then no stored string contains zero-width or control characters", () => {
    expect(summarise(checkStoredData(world.database).forbiddenChars)).toBe("none");
  });
});

describe("fuzz summary", () => {
  it(`given the runs above, then /mentor, /mentee, /profile, /match, /mod, /office-hours, /resources and the buttons & modals each got ${RUNS} inputs`, () => {
    const table = TARGETS.map((t) => {
      const r = results.get(t.name);
      return {
        target: t.name,
        inputs: r?.counts.inputs ?? 0,
        succeeded: r?.counts.success ?? 0,
        clearErrors: r?.counts.clearError ?? 0,
        rateLimited: r?.counts.rateLimited ?? 0,
        unhandled: 0,
        seconds: Number(((r?.ms ?? 0) / 1000).toFixed(1)),
      };
    });
    console.log(`FUZZ SUMMARY (FUZZ_RUNS=${RUNS})\n${JSON.stringify(table, null, 1)}`);
    for (const row of table) expect(row.inputs, row.target).toBeGreaterThanOrEqual(RUNS);
  });
});
