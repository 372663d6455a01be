// `npm run match -- --input <file.json> [--top N] [--round]`: suggestions or a round as JSON.
import { readFileSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseCommunityFile } from "./community-file.js";
import { buildIndex } from "./index-search.js";
import { runRound } from "./round.js";

export const USAGE = `usage: npm run match -- --input <community.json> [--top N] [--round]

  --input <file>  community file: { "mentors": [...], "mentees": [...] }
  --top N         suggestions per mentee (positive integer, default 5)
  --round         assign mentors to mentees globally instead of listing suggestions
  --help          show this message`;

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

interface CliOptions {
  input: string;
  top: number;
  round: boolean;
}

const usageError = (message: string): CliResult => ({ exitCode: 2, stdout: "", stderr: `${message}\n${USAGE}\n` });

function parseArgs(argv: readonly string[]): CliOptions | CliResult {
  let input: string | undefined;
  let top = 5;
  let round = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case "--help":
      case "-h":
        return { exitCode: 0, stdout: `${USAGE}\n`, stderr: "" };
      case "--round":
        if (inline !== undefined) return usageError("--round takes no value");
        round = true;
        break;
      case "--input": {
        const file = value();
        if (file === undefined || file === "" || (inline === undefined && file.startsWith("--"))) return usageError("--input needs a file name");
        input = file;
        break;
      }
      case "--top": {
        const text = value();
        if (text === undefined || !/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
          return usageError(`--top must be a positive integer, got ${text === undefined ? "nothing" : JSON.stringify(text)}`);
        }
        top = Number(text);
        break;
      }
      default:
        return usageError(`unknown argument: ${arg}`);
    }
  }
  if (input === undefined) return usageError("missing --input <file>");
  return { input, top, round };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The whole CLI without process side effects: tests call this directly. */
export function runCli(argv: readonly string[], readFile: (path: string) => string): CliResult {
  const options = parseArgs(argv);
  if ("exitCode" in options) return options;

  let text: string;
  try {
    text = readFile(options.input);
  } catch (error) {
    return { exitCode: 2, stdout: "", stderr: `cannot read ${options.input}: ${error instanceof Error ? error.message : String(error)}\n` };
  }
  const parsed = parseCommunityFile(text);
  if (!parsed.ok) {
    return { exitCode: 2, stdout: "", stderr: parsed.errors.map((e) => `${options.input}: ${e}\n`).join("") };
  }
  const { mentors, mentees } = parsed.community;

  if (options.round) {
    const result = runRound({ mentors, mentees });
    const output = {
      assignments: result.assignments.map((a) => ({ mentee: a.menteeId, mentor: a.mentorId, score: round3(a.score) })),
      unassigned: result.unassigned,
      totalScore: round3(result.totalScore),
    };
    return { exitCode: 0, stdout: `${JSON.stringify(output, null, 2)}\n`, stderr: "" };
  }

  const index = buildIndex({ mentors, mentees });
  // fromEntries defines own properties, so an id like "__proto__" is kept as data.
  const suggestions = Object.fromEntries(
    mentees.map((mentee) => [
      mentee.id,
      index.topMentors(mentee.id, options.top).map((s) => ({ mentor: s.mentorId, score: round3(s.score), reasons: s.reasons })),
    ]),
  );
  return { exitCode: 0, stdout: `${JSON.stringify({ suggestions }, null, 2)}\n`, stderr: "" };
}

function isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  const result = runCli(process.argv.slice(2), (path) => readFileSync(path, "utf8"));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
