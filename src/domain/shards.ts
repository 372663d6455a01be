// Which gateway shard serves a server: Discord's own rule (docs, "Sharding"), so a shard process
// can tell the servers it owns from the ids alone, without asking another process.

/** The shard that receives a server's events: (guild_id >> 22) % shard_count. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The shards this process runs, out of how many in all. */
export interface ShardSet {
  ids: readonly number[];
  count: number;
}

/** Whether one of `shards` owns the server `guildId`. */
export function ownsGuild(shards: ShardSet, guildId: string): boolean {
  return shards.ids.includes(shardOfGuild(guildId, shards.count));
}

/**
 * Parses a shard list: "3", "0,2,5", "0-3" or a mix ("0-3,8"). Throws with a short reason on
 * anything else or an id outside 0..count-1.
 */
export function parseShardIds(text: string, count: number): number[] {
  const ids = new Set<number>();
  for (const part of text.split(",").map((p) => p.trim())) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (range === null) throw new Error(`"${part}" is not a shard id or a range such as 0-3`);
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) throw new Error(`the range ${part} runs backwards`);
    if (to >= count) throw new Error(`shard ${to} does not exist with SHARD_COUNT=${count} (ids run from 0 to ${count - 1})`);
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}
