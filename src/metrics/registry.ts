// The process's Prometheus metrics (prom-client). Transport layer: fed by the router's
// onHandled, the database's onStatement, discord.js REST's rateLimited event and the index hook
// (hooks.ts); the gauges of waiting mentees and open requests are counted on each scrape.
// Names are listed in README ("Metrics"); labels never hold user ids or user text.
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type MetricObjectWithValues, type MetricValue } from "prom-client";
import type { HandledInteraction } from "../interaction/router.js";
import type { ServerCounts } from "../services/stats.js";
import { setMetricsSink, type IndexBuilt } from "./hooks.js";

export const METRIC_PREFIX = "mentorbot_";

export interface BotMetricsOptions {
  /** Per-server counts of the servers this process serves (read at scrape time). */
  serverCounts: () => Promise<Map<string, ServerCounts>>;
  /** Whether this process's gateway connection is ready (1) or not (0). */
  gatewayReady?: () => boolean;
  /** Node's process metrics (process_*, nodejs_*); on by default. */
  defaultMetrics?: boolean;
}

export interface BotMetrics {
  registry: Registry;
  interactionHandled(this: void, event: HandledInteraction): void;
  statement(this: void, durationMs: number, ok: boolean): void;
  rateLimited(this: void, info: { route: string; global: boolean }): void;
  indexBuilt(this: void, event: IndexBuilt): void;
  /** Text exposition of this process alone. */
  text(this: void): Promise<string>;
  /** JSON of this process, for the sharding manager to add up (aggregateMetrics). */
  json(this: void): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
}

export function createBotMetrics(options: BotMetricsOptions): BotMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const interactions = new Counter({
    name: `${METRIC_PREFIX}interactions_total`,
    help: "Interactions handled, by command (subcommand, button or form) and outcome (ok, user_error, busy, error).",
    labelNames: ["command", "outcome"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${METRIC_PREFIX}interaction_duration_seconds`,
    help: "Time from an interaction's arrival at the router to its answer, by kind (command, button, modal, autocomplete).",
    labelNames: ["kind"] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const statements = new Histogram({
    name: `${METRIC_PREFIX}db_query_duration_seconds`,
    help: "Database statements (queries, and statements inside transactions), by whether they succeeded.",
    labelNames: ["ok"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const rateLimits = new Counter({
    name: `${METRIC_PREFIX}discord_rate_limited_total`,
    help: "Discord REST rate limits hit (discord.js waits before retrying), by route template and whether global.",
    labelNames: ["route", "global"] as const,
    registers: [registry],
  });
  const indexEntries = new Gauge({
    name: `${METRIC_PREFIX}index_entries`,
    help: "Profiles in the last matching index built for a server, by kind (per-load, live).",
    labelNames: ["guild", "kind"] as const,
    registers: [registry],
  });
  const indexBuild = new Histogram({
    name: `${METRIC_PREFIX}index_build_seconds`,
    help: "Time to build a server's matching index, by kind (per-load, live).",
    labelNames: ["kind"] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const waiting = new Gauge({
    name: `${METRIC_PREFIX}waiting_mentees`,
    help: "Mentees waiting for a mentor, per server.",
    labelNames: ["guild"] as const,
    registers: [registry],
  });
  const open = new Gauge({
    name: `${METRIC_PREFIX}open_requests`,
    help: "Requests not decided yet (waiting for the mentor or a moderator), per server.",
    labelNames: ["guild"] as const,
    registers: [registry],
  });
  const ready = new Gauge({
    name: `${METRIC_PREFIX}gateway_ready`,
    help: "Gateway connections ready (one per shard; sharded, the manager adds them up).",
    registers: [registry],
    collect() {
      this.set(options.gatewayReady?.() === true ? 1 : 0);
    },
  });
  void ready;
  // One collect for both per-server gauges: a scrape runs the two COUNTs once.
  const scrapeCounts = async () => {
    const counts = await options.serverCounts();
    waiting.reset();
    open.reset();
    for (const [guild, c] of counts) {
      waiting.set({ guild }, c.waitingMentees);
      open.set({ guild }, c.openRequests);
    }
  };

  const metrics: BotMetrics = {
    registry,
    interactionHandled(event) {
      interactions.inc({ command: event.command, outcome: event.outcome });
      duration.observe({ kind: event.kind }, event.durationMs / 1000);
    },
    statement(durationMs, ok) {
      statements.observe({ ok: ok ? "true" : "false" }, durationMs / 1000);
    },
    rateLimited(info) {
      rateLimits.inc({ route: info.route, global: info.global ? "true" : "false" });
    },
    indexBuilt(event) {
      indexEntries.set({ guild: event.guildId, kind: event.kind }, event.entries);
      indexBuild.observe({ kind: event.kind }, event.buildMs / 1000);
    },
    async text() {
      await scrapeCounts();
      return registry.metrics();
    },
    async json() {
      await scrapeCounts();
      return registry.getMetricsAsJSON();
    },
  };
  setMetricsSink({ indexBuilt: (event) => metrics.indexBuilt(event) });
  return metrics;
}

/** Adds up the metrics of several processes (one per shard) into one text exposition. */
export async function aggregateMetrics(parts: MetricObjectWithValues<MetricValue<string>>[][], extra?: Registry): Promise<string> {
  const all = extra === undefined ? parts : [...parts, await extra.getMetricsAsJSON()];
  return AggregatorRegistry.aggregate(all).metrics();
}

export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;
