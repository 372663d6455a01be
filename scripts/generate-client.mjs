// Generates the Prisma client into src/generated/prisma (run by `npm install` and `npm run generate`).
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
const result = spawnSync(process.execPath, [prismaCli, "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
