// The layers, enforced by ESLint's no-restricted-imports (eslint.config.js adds these to the
// TypeScript rules; test/lint/layers.test.ts proves a forbidden import fails):
//
//   transport (src/bot.ts, src/discord, src/console, src/jobs, src/interaction/router.ts,
//              src/shard.ts + src/shard-ipc.ts (sharding), src/metrics (Prometheus, /healthz))
//     → commands (src/commands) → services (src/services) → storage (src/storage, src/db)
//   src/matching and src/domain are pure: everyone may use them, they use nothing of ours
//   (src/domain only src/matching). src/charts (figures in, SVG/PNG out) is pure too.
//
// Each rule names the folders a layer must not reach, as relative import paths ("../storage/x.js",
// "../../services/y.js"). Exported so the test can lint snippets with exactly these rules.
// One exception: src/metrics/hooks.ts is plain callbacks with no dependency, so services may report
// what they measure (index builds) without knowing Prometheus.

/** An import of one of `folders` (or of a module directly under src/ named in `modules`), at any depth. */
function reaching(folders, modules = []) {
  const names = [...folders, ...modules.map((m) => `${m}\\.js$`)].join("|");
  return `^(\\.\\./)+(${names})(/|$)`;
}

const SRC_FOLDERS = ["commands", "services", "storage", "db", "discord", "console", "interaction", "jobs", "domain", "generated", "charts", "metrics"];
const SRC_MODULES = ["errors", "config", "logger", "bot", "main", "shard", "shard-ipc"];
/** src/metrics, except its dependency-free hooks. */
const METRICS = "metrics(?!/hooks\\.js$)";
const SHARDING = ["shard", "shard-ipc"];

const prisma = { group: ["@prisma/*", "better-sqlite3", "pg"], message: "Only src/storage and src/db talk to the database." };
const discord = { group: ["discord.js", "@discordjs/*", "discord-api-types", "discord-api-types/*"], message: "Only the transport (src/bot.ts, src/discord) talks to Discord." };

function rule(patterns) {
  return { "no-restricted-imports": ["error", { patterns }] };
}

export const layerRules = [
  {
    files: ["src/matching/**/*.ts"],
    rules: rule([
      { regex: reaching(SRC_FOLDERS, SRC_MODULES), message: "src/matching is pure: it imports nothing of ours outside src/matching." },
      prisma,
      discord,
    ]),
  },
  {
    files: ["src/domain/**/*.ts"],
    rules: rule([
      { regex: reaching(SRC_FOLDERS.filter((f) => f !== "domain"), SRC_MODULES), message: "src/domain holds plain values: it may use src/matching only." },
      prisma,
      discord,
    ]),
  },
  {
    files: ["src/charts/**/*.ts"],
    rules: rule([
      { regex: reaching(SRC_FOLDERS.filter((f) => f !== "charts" && f !== "domain"), SRC_MODULES), message: "src/charts turns figures into pictures: it imports nothing of ours but src/domain." },
      prisma,
      discord,
    ]),
  },
  {
    files: ["src/storage/**/*.ts", "src/db/**/*.ts"],
    rules: rule([
      { regex: reaching(["services", "commands", "interaction", "discord", "console", "jobs", METRICS], ["bot", "main", ...SHARDING]), message: "Storage is the bottom layer: it imports no services, commands or transport." },
      discord,
    ]),
  },
  {
    files: ["src/services/**/*.ts"],
    rules: rule([
      { regex: reaching(["commands", "discord", "console", "interaction", "jobs", METRICS], ["bot", "main", ...SHARDING]), message: "Services hold business rules: they import no commands, Discord or console code." },
      discord,
    ]),
  },
  {
    files: ["src/commands/**/*.ts"],
    rules: rule([
      { regex: reaching(["storage", "db", "generated", "discord", "console", "jobs", METRICS], ["bot", "main", ...SHARDING]), message: "Commands reach the database only through services (and Discord only through the interaction contract)." },
      { regex: "^(\\.\\./)+interaction/router\\.js$", message: "Commands implement the contract (src/interaction/command.ts); the router calls them, not the other way round." },
      prisma,
    ]),
  },
  {
    files: ["src/interaction/**/*.ts"],
    ignores: ["src/interaction/router.ts"],
    rules: rule([
      { regex: reaching(["commands", "discord", "console", "jobs", "storage", METRICS], ["bot", "main", ...SHARDING]), message: "The interaction contract knows no command, transport or storage module." },
      prisma,
    ]),
  },
];
