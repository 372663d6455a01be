// scripts/deploy-commands.ts as a process: --dry-run output (valid, and type-checked against
// discord-api-types), a real registration against the loopback fake, and configuration errors.
import { spawn } from "node:child_process";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord-api-types/v10";
import { commands } from "../../src/commands/index.js";
import { projectRoot } from "../../src/db/paths.js";
import { validateCommands } from "../../src/discord/validate-commands.js";
import { nextSnowflake, startFakeDiscord, type FakeDiscordServer } from "../support/discord-harness.js";

interface Run {
  code: number | null;
  stdout: string;
  /** stderr without npm's own warnings about the environment. */
  stderr: string;
}

/** Every DISCORD_* variable set to "" (= unset, and overrides a developer's .env) unless given. */
function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["--no-install", "tsx", "scripts/deploy-commands.ts", ...args], {
      cwd: projectRoot,
      env: {
        PATH: process.env["PATH"] ?? "",
        HOME: process.env["HOME"] ?? "",
        DISCORD_TOKEN: "",
        DISCORD_CLIENT_ID: "",
        DISCORD_GUILD_ID: "",
        DISCORD_API_URL: "",
        LOG_LEVEL: "silent",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code,
        stdout,
        stderr: stderr
          .split("\n")
          .filter((line) => line.trim() !== "" && !line.startsWith("npm warn"))
          .join("\n"),
      }),
    );
  });
}

/** Type-checks `source` as if it were a file in test/discord, without writing it to disk. */
function typeCheck(source: string): string[] {
  const fileName = path.join(projectRoot, "test", "discord", "__deploy_dry_run_check__.ts");
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, language, onError, shouldCreate) =>
    name === fileName ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, onError, shouldCreate);
  host.fileExists = (name) => name === fileName || fileExists(name);
  host.readFile = (name) => (name === fileName ? source : readFile(name));
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

function checkAgainstDiscordTypes(json: string): string[] {
  return typeCheck(
    `import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord-api-types/v10";\n` +
      `export const registration: RESTPostAPIChatInputApplicationCommandsJSONBody[] = ${json};\n`,
  );
}

const expected = JSON.parse(JSON.stringify(commands.map((c) => c.data))) as RESTPostAPIChatInputApplicationCommandsJSONBody[];

describe("deploy-commands --dry-run", () => {
  let dry: Run;
  beforeAll(async () => {
    dry = await run(["--dry-run"]);
  });

  it("given no token then prints the registration JSON and exits 0", () => {
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    const printed = JSON.parse(dry.stdout) as unknown;
    expect(printed).toEqual(expected);
    expect(dry.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it("given the printed JSON then it passes validate-commands", () => {
    expect(validateCommands(JSON.parse(dry.stdout) as RESTPostAPIChatInputApplicationCommandsJSONBody[])).toEqual([]);
  });

  it("given the printed JSON then it type-checks as RESTPostAPIChatInputApplicationCommandsJSONBody[]", () => {
    expect(checkAgainstDiscordTypes(dry.stdout)).toEqual([]);
  });

  it("given a payload of the wrong shape then the type check notices (the check is not vacuous)", () => {
    expect(checkAgainstDiscordTypes(`[{ "name": "x", "description": "y", "options": [{ "type": 3, "name": 5 }] }]`).length).toBeGreaterThan(0);
  });
});

describe("deploy-commands against the fake Discord", () => {
  let server: FakeDiscordServer;
  const clientId = nextSnowflake();
  const token = "MTIz.fake-token.for-tests";

  beforeAll(async () => {
    server = await startFakeDiscord({ applicationId: clientId });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("given DISCORD_GUILD_ID then PUTs the commands to the guild route with the bot token", async () => {
    const guildId = nextSnowflake();
    const result = await run([], { DISCORD_TOKEN: token, DISCORD_CLIENT_ID: clientId, DISCORD_GUILD_ID: guildId, DISCORD_API_URL: server.apiUrl });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Registered ${expected.length} command(s) in server ${guildId}.`);
    const [put] = server.find("PUT", `/applications/${clientId}/guilds/${guildId}/commands`);
    expect(put?.body).toEqual(expected);
    expect(put?.headers.authorization).toBe(`Bot ${token}`);
  });

  it("given no DISCORD_GUILD_ID then registers globally", async () => {
    const result = await run([], { DISCORD_TOKEN: token, DISCORD_CLIENT_ID: clientId, DISCORD_API_URL: server.apiUrl });
    expect(result.code).toBe(0);
    expect(server.find("PUT", `/applications/${clientId}/commands`)).toHaveLength(1);
  });

  it("given Discord refuses then exits 1 with one explanation and no token in it", async () => {
    server.fail("PUT", /commands$/, { status: 401, code: 0, message: "401: Unauthorized" });
    const result = await run([], { DISCORD_TOKEN: token, DISCORD_CLIENT_ID: clientId, DISCORD_API_URL: server.apiUrl });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("check DISCORD_TOKEN");
    expect(result.stderr).not.toContain(token);
  });
});

describe("deploy-commands configuration errors", () => {
  it("given a malformed DISCORD_GUILD_ID then prints one line naming it and exits 2", async () => {
    const result = await run(["--dry-run"], { DISCORD_GUILD_ID: "not-an-id" });
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^DISCORD_GUILD_ID: /);
    expect(result.stdout).toBe("");
  });

  it("given no token outside --dry-run then exits 2 explaining what is missing", async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^DISCORD_TOKEN: required/);
  });
});
