// The one part of src/metrics any layer may use: plain callbacks with no dependency, so services
// and the matching index can report what they measure without knowing Prometheus. The process's
// metrics (src/metrics/registry.ts) installs the sink; without one every report is dropped.

/** A matching index was (re)built for one server. */
export interface IndexBuilt {
  guildId: string;
  /** Profiles in the index (mentors + mentees). */
  entries: number;
  buildMs: number;
  /**
   * "per-load": built from the database for one command or job (services/community.ts);
   * "live": kept in memory and updated in place (the live index, when there is one).
   */
  kind: "per-load" | "live";
}

export interface MetricsSink {
  indexBuilt(event: IndexBuilt): void;
}

let sink: MetricsSink | null = null;

/** Installs (or with null removes) the process's sink. */
export function setMetricsSink(next: MetricsSink | null): void {
  sink = next;
}

/** Reports what was measured; never throws (metrics must not break the work they measure). */
export const report = {
  indexBuilt(event: IndexBuilt): void {
    try {
      sink?.indexBuilt(event);
    } catch {
      // A broken sink loses a sample, nothing else.
    }
  },
};
