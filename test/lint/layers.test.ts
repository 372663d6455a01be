// The layer rules (eslint.layers.js) reject the imports they promise to, and the tree obeys them.
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { layerRules } from "../../eslint.layers.js";

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, ...layerRules],
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? "?"}: ${m.message}`);
}

const FORBIDDEN: readonly [file: string, code: string][] = [
  ["src/matching/score.ts", 'import { UserError } from "../errors.js";'],
  ["src/matching/score.ts", 'import { STAGE } from "../domain/enums.js";'],
  ["src/matching/data/extra.ts", 'import { findProfile } from "../../storage/profiles.js";'],
  ["src/matching/score.ts", 'import { Client } from "discord.js";'],
  ["src/matching/score.ts", 'import { PrismaClient } from "@prisma/client";'],
  ["src/domain/enums.ts", 'import { getGuildSettings } from "../services/settings.js";'],
  ["src/storage/matches.ts", 'import { statusLabel } from "../services/matches.js";'],
  ["src/storage/matches.ts", 'import { matchCommand } from "../commands/match.js";'],
  ["src/storage/matches.ts", 'import type { Deps } from "../interaction/command.js";'],
  ["src/db/client.ts", 'import { acceptRequest } from "../services/matches.js";'],
  ["src/services/matches.ts", 'import { matchUi } from "../commands/match.js";'],
  ["src/services/matches.ts", 'import { createNotifier } from "../bot.js";'],
  ["src/services/matches.ts", 'import { runConsole } from "../console/run.js";'],
  ["src/services/matches.ts", 'import { Client } from "discord.js";'],
  ["src/services/matches.ts", 'import { opt } from "../interaction/options.js";'],
  ["src/commands/match.ts", 'import { findMatch } from "../storage/matches.js";'],
  ["src/commands/shared/views.ts", 'import { findProfile } from "../../storage/profiles.js";'],
  ["src/commands/match.ts", 'import type { Db } from "../db/client.js";'],
  ["src/commands/match.ts", 'import type { Prisma } from "../generated/prisma/client.js";'],
  ["src/commands/match.ts", 'import { PrismaClient } from "@prisma/client";'],
  ["src/commands/match.ts", 'import { createRouter } from "../interaction/router.js";'],
  ["src/interaction/command.ts", 'import { commands } from "../commands/index.js";'],
  ["src/services/community.ts", 'import { createBotMetrics } from "../metrics/registry.js";'],
  ["src/storage/matches.ts", 'import { startMetricsServer } from "../metrics/server.js";'],
  ["src/commands/match.ts", 'import { answerManager } from "../shard-ipc.js";'],
  ["src/matching/score.ts", 'import { report } from "../metrics/hooks.js";'],
];

const ALLOWED: readonly [file: string, code: string][] = [
  ["src/matching/score.ts", 'import { stageLabel } from "./stage.js";'],
  ["src/domain/enums.ts", 'import { STAGES } from "../matching/index.js";'],
  ["src/storage/matches.ts", 'import { OPEN_STATUSES } from "../domain/enums.js";'],
  ["src/services/matches.ts", 'import { findMatch } from "../storage/matches.js";'],
  ["src/commands/match.ts", 'import { acceptRequest } from "../services/matches.js";'],
  ["src/commands/match.ts", 'import { defineCommand } from "../interaction/command.js";'],
  ["src/interaction/router.ts", 'import { getGuildSettings } from "../services/settings.js";'],
  ["src/services/community.ts", 'import { report } from "../metrics/hooks.js";'],
  ["src/main.ts", 'import { createBotMetrics } from "./metrics/registry.js";'],
];

describe("layer rules", () => {
  for (const [file, code] of FORBIDDEN) {
    it(`given ${code} in ${file} then lint fails naming the rule`, async () => {
      const found = await problems(file, code);
      expect(found.length, found.join("\n")).toBe(1);
      expect(found[0]).toMatch(/^no-restricted-imports: /);
    });
  }

  for (const [file, code] of ALLOWED) {
    it(`given ${code} in ${file} then lint passes`, async () => {
      expect(await problems(file, code)).toEqual([]);
    });
  }

  it("given the source tree then no file breaks a layer rule", async () => {
    const results = await eslint.lintFiles(["src/**/*.ts"]);
    const broken = results.flatMap((r) => r.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(broken).toEqual([]);
  });
});
