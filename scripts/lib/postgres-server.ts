// Finds a PostgreSQL server for tests and for `npm run db:migration`, in this order:
// 1. TEST_POSTGRES_URL, if set (a server the developer or CI chose);
// 2. a server on 127.0.0.1:5432 (trust auth, user postgres), if one answers;
// 3. a throwaway cluster started from the machine's PostgreSQL binaries (`pg_config --bindir`),
//    run as the `postgres` user when we are root (PostgreSQL refuses to run as root), stopped by
//    its data directory;
// 4. none: the reason says why, for the caller to print.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type PostgresServer =
  | { url: string; how: string; stop(): Promise<void> }
  | { url: null; reason: string };

async function answers(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function asPostgresUser(cmd: string, args: string[]): string[] {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  return root ? ["runuser", "-u", "postgres", "--", cmd, ...args] : [cmd, ...args];
}

function run(argv: string[]): { ok: boolean; output: string } {
  const [cmd, ...args] = argv as [string, ...string[]];
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error?.message ?? ""}`.trim() };
}

export async function startThrowawayCluster(): Promise<PostgresServer> {
  let bindir: string;
  try {
    bindir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    return { url: null, reason: "no PostgreSQL server answers on 127.0.0.1:5432 and pg_config is not installed (no server binaries to start one)" };
  }
  const initdb = path.join(bindir, "initdb");
  const pgCtl = path.join(bindir, "pg_ctl");
  if (!existsSync(initdb) || !existsSync(pgCtl)) {
    return { url: null, reason: `no PostgreSQL server answers on 127.0.0.1:5432 and ${bindir} has no initdb/pg_ctl (install the server package)` };
  }
  const base = mkdtempSync(path.join(os.tmpdir(), "mentor-pg-"));
  chmodSync(base, 0o777); // the postgres user writes here
  const data = path.join(base, "data");
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const init = run(asPostgresUser(initdb, ["-D", data, "-A", "trust", "-U", "postgres"]));
  if (!init.ok) {
    rmSync(base, { recursive: true, force: true });
    return { url: null, reason: `could not initialise a throwaway PostgreSQL cluster: ${init.output.split("\n").slice(-1)[0] ?? ""}` };
  }
  const start = run(asPostgresUser(pgCtl, ["-D", data, "-w", "-l", path.join(base, "log"), "-o", `-p ${port} -k ${base} -c listen_addresses=127.0.0.1`, "start"]));
  if (!start.ok) {
    rmSync(base, { recursive: true, force: true });
    return { url: null, reason: `could not start a throwaway PostgreSQL cluster: ${start.output.split("\n").slice(-1)[0] ?? ""}` };
  }
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    how: `throwaway cluster in ${data} (port ${port})`,
    stop: async () => {
      run(asPostgresUser(pgCtl, ["-D", data, "-m", "fast", "-w", "stop"]));
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export async function findPostgresServer(env: Record<string, string | undefined> = process.env): Promise<PostgresServer> {
  const none = async () => undefined;
  const chosen = env["TEST_POSTGRES_URL"];
  if (chosen !== undefined && chosen !== "") {
    const problem = await answers(chosen);
    if (problem !== null) return { url: null, reason: `TEST_POSTGRES_URL does not answer: ${problem}` };
    return { url: chosen, how: "TEST_POSTGRES_URL", stop: none };
  }
  const local = "postgresql://postgres@127.0.0.1:5432/postgres";
  if ((await answers(local)) === null) return { url: local, how: "the server on 127.0.0.1:5432", stop: none };
  return startThrowawayCluster();
}
