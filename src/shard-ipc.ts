// The sharding manager and its shard processes talk over the IPC channel discord.js's
// ShardingManager opens (child_process.fork): the manager asks each shard for its metrics and its
// health, the shard answers. Messages carry a `mentorbot` tag so they never mix with discord.js's
// own (_ready, _sEval, ...).
import type { MetricObjectWithValues, MetricValue } from "prom-client";
import { z } from "zod";
import type { Logger } from "./logger.js";
import type { HealthChecks } from "./metrics/server.js";

export type ShardMetricsJson = MetricObjectWithValues<MetricValue<string>>[];

export const shardRequest = z.object({ mentorbot: z.enum(["metrics", "health"]), id: z.number().int() });
export type ShardRequest = z.infer<typeof shardRequest>;

export const shardReply = z.object({
  mentorbot: z.literal("reply"),
  id: z.number().int(),
  metrics: z.array(z.unknown()).optional(),
  checks: z.record(z.string(), z.string()).optional(),
  error: z.string().optional(),
});
export type ShardReply = z.infer<typeof shardReply>;

/** In a shard process: answers the manager's questions. */
export function answerManager(options: { metrics: () => Promise<ShardMetricsJson>; health: () => Promise<HealthChecks>; logger: Logger }): void {
  process.on("message", (raw: unknown) => {
    const parsed = shardRequest.safeParse(raw);
    if (!parsed.success || process.send === undefined) return;
    const { mentorbot, id } = parsed.data;
    const work = mentorbot === "metrics" ? options.metrics().then((metrics) => ({ metrics })) : options.health().then((checks) => ({ checks }));
    void work
      .catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }))
      .then((answer) => {
        const reply: ShardReply = { mentorbot: "reply", id, ...answer };
        process.send?.(reply, (error: Error | null) => {
          if (error !== null) options.logger.warn({ err: error }, "could not answer the sharding manager");
        });
      });
  });
}
