import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/matching/cli.js";
import { communityFileSchema, parseCommunityFile } from "../../src/matching/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const examplePath = "examples/community.json";
const example = readFileSync(`${root}${examplePath}`, "utf8");

/** runCli over an in-memory file system. */
function cli(argv: string[], files: Record<string, string> = { "c.json": example }) {
  return runCli(argv, (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file '${path}'`);
    return text;
  });
}

const fileWith = (mutate: (data: { mentors: Record<string, unknown>[]; mentees: Record<string, unknown>[] }) => void): Record<string, string> => {
  const data = JSON.parse(example) as { mentors: Record<string, unknown>[]; mentees: Record<string, unknown>[] };
  mutate(data);
  return { "c.json": JSON.stringify(data) };
};

interface SuggestionsOutput {
  suggestions: Record<string, { mentor: string; score: number; reasons: string[] }[]>;
}
interface RoundOutput {
  assignments: { mentee: string; mentor: string; score: number }[];
  unassigned: string[];
  totalScore: number;
}

describe("the example community", () => {
  it("is a valid community file of about 30 varied profiles", () => {
    const parsed = parseCommunityFile(example);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const { mentors, mentees } = parsed.community;
    expect(mentors.length).toBeGreaterThanOrEqual(10);
    expect(mentees.length).toBeGreaterThanOrEqual(15);
    expect(new Set(mentors.map((m) => m.stage)).size).toBeGreaterThanOrEqual(4);
    expect(mentees.some((m) => m.changingCareer)).toBe(true);
    expect(mentors.some((m) => m.advises !== "anyone")).toBe(true);
    expect(mentees.some((m) => m.acceptsFrom !== "anyone")).toBe(true);
  });
});

describe("runCli suggestions", () => {
  it("prints the best mentors per mentee with scores and reasons", () => {
    const result = cli(["--input", "c.json", "--top", "3"]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    const output = JSON.parse(result.stdout) as SuggestionsOutput;
    const mentees = (JSON.parse(example) as { mentees: { id: string }[] }).mentees;
    expect(Object.keys(output.suggestions)).toEqual(mentees.map((m) => m.id));
    for (const list of Object.values(output.suggestions)) {
      expect(list.length).toBeLessThanOrEqual(3);
      for (let i = 1; i < list.length; i++) expect((list[i - 1]?.score ?? 0) >= (list[i]?.score ?? 0)).toBe(true);
      for (const s of list) expect(Math.round(s.score * 1000) / 1000).toBe(s.score);
    }
    // Chloe (retail → fintech, career change, interviews, salary) should get Asha (fintech, senior).
    const chloe = output.suggestions["s-chloe"]?.[0];
    expect(chloe?.mentor).toBe("m-asha");
    expect(chloe?.reasons).toContain("mentor works in Financial Services, the mentee's target industry");
    expect(chloe?.reasons.some((r) => r.startsWith("shared topics:") && r.includes("salary negotiation"))).toBe(true);
    // Marcus is unavailable and Omar is full: never suggested.
    const all = Object.values(output.suggestions).flat().map((s) => s.mentor);
    expect(all).not.toContain("m-marcus");
    expect(all).not.toContain("m-omar");
  });

  it("keeps ids that are names of Object.prototype members", () => {
    const files = { "c.json": JSON.stringify({
      mentors: [{ id: "constructor", name: "C", industry: "constructor", stage: "senior", topics: ["toString"] }],
      mentees: [{ id: "__proto__", name: "P", industry: "constructor", stage: "early", topics: ["toString"] }],
    }) };
    const output = JSON.parse(cli(["--input", "c.json"], files).stdout) as SuggestionsOutput;
    expect(Object.keys(output.suggestions)).toEqual(["__proto__"]);
    expect(output.suggestions["__proto__"]?.[0]?.mentor).toBe("constructor");
    expect(output.suggestions["__proto__"]?.[0]?.reasons).toContain("both in constructor");
  });

  it("defaults to 5 suggestions and accepts --flag=value", () => {
    const five = JSON.parse(cli(["--input=c.json"]).stdout) as SuggestionsOutput;
    expect(Math.max(...Object.values(five.suggestions).map((l) => l.length))).toBe(5);
    const one = JSON.parse(cli(["--input=c.json", "--top=1"]).stdout) as SuggestionsOutput;
    expect(Math.max(...Object.values(one.suggestions).map((l) => l.length))).toBe(1);
  });
});

describe("runCli --round", () => {
  it("assigns each mentee at most one mentor within capacities", () => {
    const result = cli(["--round", "--input", "c.json"]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as RoundOutput;
    const data = JSON.parse(example) as { mentors: { id: string; capacity: number; activeCount?: number }[]; mentees: { id: string }[] };
    expect(output.assignments.length + output.unassigned.length).toBe(data.mentees.length);
    const load = new Map<string, number>();
    for (const a of output.assignments) load.set(a.mentor, (load.get(a.mentor) ?? 0) + 1);
    for (const m of data.mentors) expect(load.get(m.id) ?? 0).toBeLessThanOrEqual(m.capacity - (m.activeCount ?? 0));
    expect(output.totalScore).toBeCloseTo(output.assignments.reduce((t, a) => t + a.score, 0), 2);
    expect(output.assignments.find((a) => a.mentee === "s-chloe")?.mentor).toBe("m-asha");
  });
});

describe("runCli errors (exit 2)", () => {
  it.each([
    [["--input"], /--input needs a file name/],
    [[], /missing --input/],
    [["--input", "c.json", "--top", "0"], /--top must be a positive integer/],
    [["--input", "c.json", "--top", "2.5"], /--top must be a positive integer/],
    [["--input", "c.json", "--top"], /--top must be a positive integer/],
    [["--input", "c.json", "--verbose"], /unknown argument: --verbose/],
    [["--input", "c.json", "--round=yes"], /--round takes no value/],
  ])("bad flags %j", (argv, message) => {
    const result = cli(argv);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("usage: npm run match");
  });

  it("--help prints the usage and succeeds", () => {
    const result = cli(["--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("--round");
  });

  it("an unreadable file", () => {
    const result = cli(["--input", "missing.json"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^cannot read missing\.json: .*ENOENT/);
  });

  it("a file that is not JSON", () => {
    const result = cli(["--input", "c.json"], { "c.json": "{ mentors: [" });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^c\.json: not valid JSON/);
  });

  it.each([
    ["a bad stage", (d: { mentors: Record<string, unknown>[] }) => void (d.mentors[0] && (d.mentors[0].stage = "guru")), "c.json: mentors[0].stage: expected one of student|early|mid|senior|executive"],
    ["a bad preference", (d: { mentees: Record<string, unknown>[] }) => void (d.mentees[2] && (d.mentees[2].acceptsFrom = "friends")), "c.json: mentees[2].acceptsFrom: expected one of anyone|same-industry|senior-plus"],
    ["a capacity out of range", (d: { mentors: Record<string, unknown>[] }) => void (d.mentors[1] && (d.mentors[1].capacity = 0)), "c.json: mentors[1].capacity:"],
    ["a non-integer capacity", (d: { mentors: Record<string, unknown>[] }) => void (d.mentors[1] && (d.mentors[1].capacity = 1.5)), "c.json: mentors[1].capacity: expected int"],
    ["a missing id", (d: { mentees: Record<string, unknown>[] }) => void (d.mentees[0] && delete d.mentees[0].id), "c.json: mentees[0].id: is required"],
    ["a wrong type", (d: { mentees: Record<string, unknown>[] }) => void (d.mentees[1] && (d.mentees[1].topics = "cv, interviews")), "c.json: mentees[1].topics: expected array"],
    ["a misspelt field", (d: { mentors: Record<string, unknown>[] }) => void (d.mentors[3] && (d.mentors[3].avialable = false)), "c.json: mentors[3].avialable: unknown field"],
    ["a duplicate id", (d: { mentors: Record<string, unknown>[] }) => void (d.mentors[4] && (d.mentors[4].id = "m-asha")), 'c.json: mentors[4].id: duplicate id "m-asha" (also mentors[0].id)'],
  ])("a schema error names the field: %s", (_, mutate, message) => {
    const result = cli(["--input", "c.json"], fileWith(mutate));
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
  });

  it("a top level that is not an object", () => {
    const result = cli(["--input", "c.json"], { "c.json": "[]" });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("c.json: (top level): expected object");
  });
});

describe("communityFileSchema", () => {
  it("fills the documented defaults", () => {
    const parsed = communityFileSchema.parse({
      mentors: [{ id: "m", name: "M", industry: "tech", stage: "mid" }],
      mentees: [{ id: "s", name: "S", industry: "tech", stage: "student" }],
    });
    expect(parsed.mentors[0]).toEqual({ id: "m", name: "M", industry: "tech", stage: "mid", topics: [], about: "", capacity: 1, available: true, advises: "anyone" });
    expect(parsed.mentees[0]).toEqual({ id: "s", name: "S", industry: "tech", stage: "student", changingCareer: false, topics: [], about: "", acceptsFrom: "anyone" });
  });

  it("allows one person as both mentor and mentee", () => {
    expect(communityFileSchema.safeParse({ mentors: [{ id: "u", name: "U", industry: "x", stage: "mid" }], mentees: [{ id: "u", name: "U", industry: "x", stage: "early" }] }).success).toBe(true);
  });
});

describe("the real command", () => {
  it("runs `tsx src/matching/cli.ts` on the example file", async () => {
    const { stdout } = await promisify(execFile)("npx", ["tsx", "src/matching/cli.ts", "--input", examplePath, "--top", "2"], {
      cwd: root,
      env: { ...process.env, DOTENV_CONFIG_QUIET: "true" },
    });
    const output = JSON.parse(stdout) as SuggestionsOutput;
    expect(output.suggestions["s-chloe"]?.[0]?.mentor).toBe("m-asha");
  }, 60_000);

  it("exits with status 2 on a bad file", async () => {
    const run = promisify(execFile)("npx", ["tsx", "src/matching/cli.ts", "--input", "does-not-exist.json"], { cwd: root });
    await expect(run).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
