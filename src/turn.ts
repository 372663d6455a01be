// A turn of the event loop: whatever is waiting (other servers' commands, the gateway's
// heartbeats, timers) runs before the caller goes on. node:timers' own setImmediate, so that a
// test's fake timers (which replace the global one) leave it alone.
import { setImmediate } from "node:timers";

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
