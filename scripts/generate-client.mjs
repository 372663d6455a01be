// Generates the Prisma clients (run by `npm install` and `npm run generate`): the SQLite one into
// src/generated/prisma and the PostgreSQL one into src/generated/prisma-postgres.
// Prisma's CLI downloads a native schema engine before `generate` even though generation does not
// use it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing executable skips that download, so
// this works the same on machines that reach only the npm registry and on fully connected ones.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
for (const schema of ["prisma/schema.prisma", "prisma/postgres/schema.prisma"]) {
  const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schema], { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
