/** Sliding-window counter per key (e.g. guild:user), kept in memory: a restart forgets it. */
export class SlidingWindowLimiter {
  readonly #hits = new Map<string, number[]>();

  /** Records a hit and says whether it is within `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number, now: number): boolean {
    const since = now - windowMs;
    const recent = (this.#hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= limit) {
      this.#hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.#hits.set(key, recent);
    if (this.#hits.size > 10_000) this.#sweep(since);
    return true;
  }

  #sweep(since: number): void {
    for (const [key, hits] of this.#hits) if (hits.every((t) => t <= since)) this.#hits.delete(key);
  }
}
