// Which processes have a SQLite database open, so a process that must wait for the file can say
// in one line who holds it. Each process that opens the database writes a small record into
// `<file>-processes/<pid>.json` and removes it when it closes (or exits); records of processes
// that no longer run are ignored and removed. On Linux, /proc/locks also names processes that
// hold a lock on the file without a record (a sqlite3 shell, a backup tool).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

interface HolderRecord {
  pid: number;
  label: string;
  startedAt: string;
}

function registryDir(filePath: string): string {
  return `${filePath}-processes`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** What this process is, for other processes' messages ("the console", "npm run db:migrate"). */
export function defaultProcessLabel(): string {
  const script = process.argv[1] === undefined ? "node" : path.basename(process.argv[1]);
  return [script, ...process.argv.slice(2)].join(" ");
}

/** Records that this process has `filePath` open; returns the function that removes the record. */
export function registerHolder(filePath: string, label: string): () => void {
  if (filePath === ":memory:") return () => undefined;
  const dir = registryDir(filePath);
  const file = path.join(dir, `${process.pid}.json`);
  try {
    mkdirSync(dir, { recursive: true });
    const record: HolderRecord = { pid: process.pid, label, startedAt: new Date().toISOString() };
    writeFileSync(file, JSON.stringify(record));
  } catch {
    return () => undefined; // a read-only folder must not stop the bot; messages just say less
  }
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    process.off("exit", remove);
    rmSync(file, { force: true });
    try {
      if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
    } catch {
      // another process removed it first
    }
  };
  process.on("exit", remove);
  return remove;
}

function fromRegistry(filePath: string, exclude: number): HolderRecord[] {
  const dir = registryDir(filePath);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const records: HolderRecord[] = [];
  for (const name of names) {
    try {
      const record = JSON.parse(readFileSync(path.join(dir, name), "utf8")) as HolderRecord;
      if (record.pid === exclude) continue;
      if (alive(record.pid)) records.push(record);
      else rmSync(path.join(dir, name), { force: true });
    } catch {
      // half-written or removed meanwhile
    }
  }
  return records;
}

/** Linux only: processes holding a POSIX lock on the database file or its -shm file. */
function fromProcLocks(filePath: string, exclude: number): HolderRecord[] {
  let locks: string;
  const inodes = new Set<number>();
  try {
    locks = readFileSync("/proc/locks", "utf8");
    for (const file of [filePath, `${filePath}-shm`]) {
      try {
        inodes.add(statSync(file).ino);
      } catch {
        // no -shm file
      }
    }
  } catch {
    return [];
  }
  const pids = new Set<number>();
  for (const line of locks.split("\n")) {
    // "1: POSIX  ADVISORY  READ 12345 08:01:1234567 128 128"
    const m = /^\d+:\s+(?:->\s+)?POSIX\s+\S+\s+\S+\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line);
    if (m !== null && inodes.has(Number(m[2])) && Number(m[1]) !== exclude) pids.add(Number(m[1]));
  }
  return [...pids].map((pid) => {
    let label = "a process";
    try {
      label = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).slice(0, 4).join(" ");
    } catch {
      // gone meanwhile
    }
    return { pid, label, startedAt: "" };
  });
}

/** One phrase per other process holding `filePath`, e.g. "the console (pid 4242, since 10:02:03 UTC)". */
export function describeHolders(filePath: string, exclude = process.pid): string[] {
  const records = fromRegistry(filePath, exclude);
  const known = new Set(records.map((r) => r.pid));
  const all = [...records, ...fromProcLocks(filePath, exclude).filter((r) => !known.has(r.pid))];
  return all.map((r) => {
    const since = r.startedAt === "" ? "" : `, since ${r.startedAt.slice(0, 19).replace("T", " ")} UTC`;
    return `${r.label} (pid ${r.pid}${since})`;
  });
}
