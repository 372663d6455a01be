// Which servers a timed job may touch. A sharded bot runs one process per gateway shard, and each
// works only on the servers its shard receives (src/domain/shards.ts); the unsharded bot and the
// console pass no scope and work on every server. Applied in the query, not after it, so the
// oldest-first batches of one process are never filled with another process's rows.

/** The servers to work on; undefined: all. */
export type GuildScope = readonly string[] | undefined;

/** A `where` fragment limiting `guildId` to the scope (nothing when unscoped). */
export function inScope(guilds: GuildScope): { guildId?: { in: string[] } } {
  return guilds === undefined ? {} : { guildId: { in: [...guilds] } };
}
