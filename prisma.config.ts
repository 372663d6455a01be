// Read by the Prisma CLI (generate; migrate where the native engine is available).
// DATABASE_URL is only needed by CLI commands that connect; generation does not.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env["DATABASE_URL"] ?? "file:./data/mentor-bot.db" },
});
