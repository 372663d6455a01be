// The real thing: `npm run console` (src/main.ts --console) with the bot's real commands, a script piped to
// its stdin and a fresh SQLite file, as a server owner or developer would run it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runScript(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "console-script-"));
  dirs.push(dir);
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "console"], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: `file:${path.join(dir, "console.db")}`,
        DISCORD_TOKEN: "",
        LOG_LEVEL: "silent",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(script);
  });
}

const FLOW = `
# A mentor, a mentee, a request, the mentor accepts, a moderator approves.
/as bob
/mentor profile industry:fintech stage:senior topics:"interviewing, cv" about:"Payments engineer and hiring manager" capacity:2
/as alice
/mentee profile industry:fintech stage:student topics:"interviewing, cv" about:"Final-year student preparing for fintech interviews"
/complete /mentee profile industry:fin
/match find
/press request-bob
/form request-form-bob message:"Hi Bob, could we work on my CV?"
/as bob
/press accept-1
/as mia --mod
/mod queue
/press approve-1
/as alice
/match list

# A second request that nobody answers expires when the clock moves on.
/as carol
/mentee profile industry:finance stage:early topics:cv about:"Moving from audit into fintech product"
/match request mentor:@bob message:"Hello!"
/clock +8d
/match list
`;

describe("npm run console (src/main.ts --console) with a piped script", () => {
  it("runs a whole matching flow with the real commands and exits 0", async () => {
    const { code, stdout, stderr } = await runScript(FLOW);
    expect(stderr).not.toMatch(/Fatal|Error:/);
    expect(stdout).toContain("> /as bob\nnow acting as @bob");
    expect(stdout).toContain("✅ Your mentor profile is ready.");
    expect(stdout).toContain("✅ Your mentee profile is ready.");
    expect(stdout).toMatch(/choices for industry:\n {2}Financial Services/);
    expect(stdout).toContain("[Request 1. bob] (/press request-bob)");
    expect(stdout).toContain("[form] Request this mentor — submit with: /form request-form-bob");
    expect(stdout).toMatch(/→ DM to @bob:\n {2}You have a new mentoring request:[\s\S]*Their message: Hi Bob, could we work on my CV\?/);
    expect(stdout).toContain("[Accept] (/press accept-1)  [Decline] (/press decline-1)");
    expect(stdout).toMatch(/> \/press accept-1\n\(in your DMs with the bot\)\n↻ message updated:\n {2}✅ You accepted request #1 from alice/);
    expect(stdout).toContain("[Approve #1] (/press approve-1)  [Reject #1] (/press reject-1)");
    expect(stdout).toContain("✅ Match #1 approved and active.");
    expect(stdout).toMatch(/→ DM to @alice:\n {2}Welcome, bob and alice! Match #1 is active\./);
    expect(stdout).toMatch(/#1 mentored by bob — active/);
    expect(stdout).toMatch(/> \/clock \+8d\nclock: \+8d → [\d-]+T[\d:.]+Z\n→ DM to @carol:\n {2}┌─ Request #2 expired/);
    expect(stdout).toMatch(/#2 mentored by bob — expired/);
    expect(stdout).not.toContain("error:");
    expect(stdout).not.toContain("Something went wrong");
    expect(code).toBe(0);
  }, 90_000);

  it("exits 1 when a line cannot be parsed, after running the lines that follow", async () => {
    const { code, stdout } = await runScript(
      [
        "/as bob",
        "/mentor profile industry:fintech capacity:lots",
        "/mentor profile industri:fintech",
        '/mentor profile about:"unclosed',
        '/mentor profile industry:fintech stage:senior topics:cv about:"Still runs after the bad lines"',
      ].join("\n"),
    );
    expect(stdout).toContain("error: option `capacity` must be an integer, got \"lots\"");
    expect(stdout).toContain("error: unknown option `industri` for /mentor profile");
    expect(stdout).toContain("error: unclosed quote");
    expect(stdout).toContain("✅ Your mentor profile is ready.");
    expect(code).toBe(1);
  }, 90_000);
});
