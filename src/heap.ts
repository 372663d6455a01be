// How far the JavaScript heap may grow between two full garbage collections.
//
// V8 sets the next full GC's threshold at the live heap times a factor it picks from its GC and
// allocation speeds, up to 4×. Building a large server's matching index allocates fast (every
// profile's text is tokenised: hundreds of MB of short-lived strings at 100k + 100k), so V8 let
// the heap reach more than twice what survives: peak RSS 524–689 MB over nine benchmark runs on
// 100k + 100k, 615–750 MB sampled every 20 ms, for ~190 MB of live heap. A fixed factor of 1.3
// bounds that garbage to 30% of the live heap: 472–498 MB sampled every 20 ms, 509–528 MB in
// three benchmark runs, for about 1 s more of cold build (in the background) and more frequent,
// shorter full GCs (longest pause 14–36 ms). It is a growth factor, not a ceiling: a bigger
// server still gets all the heap it needs.
//
// The default is 20 since a matching round at 100k + 100k was measured (2026-12-04): while it
// saves its 89,800 proposals the heap fills up to the threshold with each batch's garbage, and
// at 30% the committed heap reached ~304 MB and the round's RSS 602–626 MB in three runs; at 20%,
// ~285 MB and 538–588 MB in three, with 23–27 full GCs in the round instead of 18 (longest pause
// 16–22 ms) and command latencies within their targets.
import v8 from "node:v8";

/** Applies HEAP_GROWTH_PERCENT (0 keeps V8's adaptive factor). Call once, at start-up. */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
