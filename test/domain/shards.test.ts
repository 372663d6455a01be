// Which shard owns a server (Discord's formula), shard lists, and the sharding variables of
// src/config.ts: clear one-line errors for bad values.
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.js";
import { ownsGuild, parseShardIds, shardOfGuild } from "../../src/domain/shards.js";

describe("shardOfGuild", () => {
  it("given Discord's documented example then it follows (guild_id >> 22) % shard_count", () => {
    // Discord's docs: 197038439483310086 on shard 0 of 1; computed by hand for more shards.
    const id = 197038439483310086n;
    for (const count of [1, 2, 3, 16, 1000]) expect(shardOfGuild(String(id), count)).toBe(Number((id >> 22n) % BigInt(count)));
    expect(shardOfGuild("197038439483310086", 1)).toBe(0);
    // The timestamp bits pick the shard: ids 2^22 apart land on consecutive shards.
    expect(shardOfGuild(String(5n << 22n), 4)).toBe(1);
    expect(shardOfGuild(String((5n << 22n) + 4194303n), 4)).toBe(1);
    expect(shardOfGuild(String(6n << 22n), 4)).toBe(2);
  });

  it("given ids beyond 2^53 then no precision is lost (BigInt, not Number)", () => {
    const id = "1234567890123456789";
    expect(shardOfGuild(id, 7)).toBe(Number((BigInt(id) >> 22n) % 7n));
  });

  it("given two shards then every server is owned by exactly one of them", () => {
    const ids = Array.from({ length: 200 }, (_, i) => String(300000000000000000n + BigInt(i) * 7_340_033n));
    for (const id of ids) {
      const owners = [0, 1].filter((s) => ownsGuild({ ids: [s], count: 2 }, id));
      expect(owners).toHaveLength(1);
    }
    expect(ids.filter((id) => ownsGuild({ ids: [0, 1], count: 2 }, id))).toHaveLength(200);
  });
});

describe("parseShardIds", () => {
  it("given single ids, lists and ranges then it returns the sorted distinct ids", () => {
    expect(parseShardIds("3", 8)).toEqual([3]);
    expect(parseShardIds("0-3", 8)).toEqual([0, 1, 2, 3]);
    expect(parseShardIds("6, 0-1,1", 8)).toEqual([0, 1, 6]);
  });
  it("given nonsense or ids out of range then it says why", () => {
    expect(() => parseShardIds("a", 4)).toThrow('"a" is not a shard id or a range such as 0-3');
    expect(() => parseShardIds("3-1", 4)).toThrow("runs backwards");
    expect(() => parseShardIds("2-4", 4)).toThrow("shard 4 does not exist with SHARD_COUNT=4 (ids run from 0 to 3)");
  });
});

describe("sharding configuration", () => {
  function error(env: Record<string, string>): string {
    try {
      parseConfig(env);
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    throw new Error("no error");
  }

  it("given nothing then one process serves every server, jobs every minute, no metrics port", () => {
    const config = parseConfig({});
    expect(config.sharding).toEqual({ count: "auto", ids: undefined, spawnDelayMs: 5_500 });
    expect(config.shard).toBeUndefined();
    expect(config.metricsPort).toBeUndefined();
    expect(config.jobsIntervalMs).toBe(60_000);
  });

  it("given SHARD_COUNT and SHARD_IDS for one of several machines then the manager runs that range", () => {
    expect(parseConfig({ SHARD_COUNT: "8", SHARD_IDS: "4-7", SHARD_SPAWN_DELAY_MS: "0" }).sharding).toEqual({ count: 8, ids: [4, 5, 6, 7], spawnDelayMs: 0 });
  });

  it("given the variables discord.js's ShardingManager sets in a shard process then it knows its shard", () => {
    expect(parseConfig({ SHARDING_MANAGER: "true", SHARDS: "1", SHARD_COUNT: "2" }).shard).toEqual({ ids: [1], count: 2 });
  });

  it("given bad values then one line names the variable and the fix", () => {
    expect(error({ SHARD_COUNT: "many" })).toBe('SHARD_COUNT: must be "auto" or a whole number of shards (1 or more)');
    expect(error({ SHARD_COUNT: "0" })).toMatch(/^SHARD_COUNT: /);
    expect(error({ SHARD_IDS: "0-1" })).toBe("SHARD_IDS: needs a fixed SHARD_COUNT (every machine must agree on the total), not auto");
    expect(error({ SHARD_COUNT: "2", SHARD_IDS: "2" })).toBe("SHARD_IDS: shard 2 does not exist with SHARD_COUNT=2 (ids run from 0 to 1)");
    expect(error({ METRICS_PORT: "70000" })).toBe("METRICS_PORT: must be a TCP port (1–65535)");
    expect(error({ METRICS_PORT: "http" })).toBe("METRICS_PORT: must be a TCP port (1–65535)");
    expect(error({ SHARDING_MANAGER: "true", SHARDS: "2", SHARD_COUNT: "2" })).toBe("SHARDS: shard 2 does not exist with SHARD_COUNT=2");
    for (const message of [error({ SHARD_COUNT: "x" }), error({ METRICS_PORT: "-1" })]) expect(message).not.toContain("\n");
  });
});
