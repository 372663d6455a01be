// Waiting on real processes and sockets in tests: poll a condition with a deadline that names
// what was awaited, and find a free loopback port for a server a child process will open.
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** Polls `check` every 50 ms; after `timeoutMs` fails with "timed out … waiting for <what()>". */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await sleep(50);
  }
}

/** A loopback port nothing listens on right now (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
