// Two projects. "sqlite" runs every test on SQLite (the embedded default). "postgres" runs the
// storage, services, flows, concurrency and reliability suites again on a real PostgreSQL server:
// each test file's openTempDatabase() gets a fresh database copied from a migrated template.
// The server: TEST_POSTGRES_URL if set, else one on 127.0.0.1:5432 if it answers, else a
// throwaway cluster from the machine's PostgreSQL binaries, else the project is left out with
// the reason printed (and with REQUIRE_POSTGRES=1, as in CI, the run fails instead).
import { defineConfig } from "vitest/config";
import { findPostgresServer } from "./scripts/lib/postgres-server.js";

/** Suites that run on PostgreSQL too; the rest is engine-independent or SQLite-specific. */
const POSTGRES_SUITES = [
  "test/db/transaction-queue.test.ts",
  "test/**/*.pg.test.ts",
  "test/db/locks.test.ts",
  "test/db/event-loop-turns.test.ts",
  "test/db/round-saving.test.ts",
  "test/flows/**/*.test.ts",
  "test/console/session.test.ts",
  "test/reliability/concurrency.test.ts",
  "test/reliability/lost-writes.test.ts",
  "test/reliability/security.test.ts",
  "test/reliability/fuzz.test.ts",
];

const shared = {
  environment: "node",
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: "forks",
} as const;

export default defineConfig(async () => {
  const server = process.env["MENTOR_NO_POSTGRES"] === "1" ? { url: null, reason: "MENTOR_NO_POSTGRES=1" } : await findPostgresServer();
  if (server.url === null) {
    const line = `PostgreSQL tests skipped: ${server.reason}`;
    if (process.env["REQUIRE_POSTGRES"] === "1") throw new Error(`${line} (REQUIRE_POSTGRES=1)`);
    process.stderr.write(`\n${line}\n\n`);
  } else {
    process.stderr.write(`PostgreSQL tests on ${server.how}\n`);
    // The config is loaded in the main vitest process; stop a throwaway cluster when it exits.
    // (stop() runs pg_ctl synchronously before its first await, as an exit handler must.)
    process.on("exit", () => void server.stop());
    process.env["MENTOR_TEST_POSTGRES_SERVER"] = server.url; // for globalSetup, in this process
  }
  const env = { DOTENV_CONFIG_QUIET: "true", LOG_LEVEL: "silent" };
  return {
    test: {
      projects: [
        { test: { ...shared, name: "sqlite", include: ["test/**/*.test.ts"], exclude: ["test/**/*.pg.test.ts"], env: { ...env, TEST_DATABASE: "sqlite" } } },
        ...(server.url === null
          ? []
          : [
              {
                test: {
                  ...shared,
                  name: "postgres",
                  include: POSTGRES_SUITES,
                  env: { ...env, TEST_DATABASE: "postgres" },
                  globalSetup: ["test/support/postgres-setup.ts"],
                },
              },
            ]),
      ],
    },
  };
});
