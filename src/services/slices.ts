// Long computations in slices: a step generator (the matching module's builds and rounds) is run
// for about `sliceMs` at a time, then the event loop gets a turn (other servers' commands, the
// gateway's heartbeats), then the next slice. The same computation, only spread out.
import { nextTurn } from "../turn.js";

/** Default slice: long enough to keep the overhead small, short enough that nobody waits. */
export const SLICE_MS = 20;

export async function runInSlices<Y, T>(
  steps: Generator<Y, T, void>,
  options: { sliceMs?: number; onPause?: (last: Y) => Promise<void> | void } = {},
): Promise<T> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await options.onPause?.(step.value);
    await nextTurn();
    sliceStart = performance.now();
  }
}
