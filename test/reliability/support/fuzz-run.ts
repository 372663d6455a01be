// Runs one generated recipe through the real router and checks the answer: exactly one initial
// response, never the "Something went wrong" apology, no error logged, errors ephemeral.
import type { CommandInteractionContext, ComponentInteractionContext, ModalInteractionContext, OptionValue } from "../../../src/interaction/types.js";
import { commands } from "../../../src/commands/index.js";
import { allText, CHANNEL, GUILD, member, OTHER_GUILD, RecordingResponder, type Member } from "../../support/interactions.js";
import { firstMatchRef, subcommandsOf, type ActorRecipe, type Recipe, type ValueRecipe, type Where } from "./fuzz-gen.js";
import { MODERATOR_ROLE, type World } from "./world.js";

export interface SubCounts {
  inputs: number;
  success: number;
  clearError: number;
  rateLimited: number;
}

export interface Counts extends SubCounts {
  bySub: Map<string, SubCounts>;
}

export function newCounts(): Counts {
  return { inputs: 0, success: 0, clearError: 0, rateLimited: 0, bySub: new Map() };
}

export interface RunOptions {
  /** Calls world.replenish() every this many inputs (keeps requested / pending matches around). */
  replenishEvery?: number;
}

const KNOWN_SUBCOMMANDS = new Set(commands.flatMap((c) => subcommandsOf(c).map((s) => `${c.data.name} ${s.name}`)));

const APOLOGY = /Something went wrong on our side/;
const BUSY = /The database is busy/;
const RATE_LIMITED = /You are (using commands|clicking) too quickly/;

interface MatchRow {
  id: number;
  mentorUserId: string | null;
  menteeUserId: string | null;
}

async function findMatchRow(world: World, status: string | null, pick: number): Promise<MatchRow | null> {
  const rows = await world.database.db.match.findMany({
    where: { guildId: GUILD, ...(status === null ? {} : { status }) },
    select: { id: true, mentor: { select: { userId: true } }, mentee: { select: { userId: true } } },
    orderBy: { id: "desc" },
    take: 64,
  });
  if (rows.length === 0) return status === null ? null : findMatchRow(world, null, pick);
  const row = rows[pick % rows.length];
  return row === undefined ? null : { id: row.id, mentorUserId: row.mentor?.userId ?? null, menteeUserId: row.mentee?.userId ?? null };
}

function poolOf(world: World, pool: string): Member[] {
  if (pool === "mentors") return world.mentors;
  if (pool === "mentees") return world.mentees;
  if (pool === "outsiders") return world.outsiders;
  return world.everyone();
}

function pickFrom(list: readonly Member[], pick: number): Member {
  const m = list[pick % Math.max(1, list.length)];
  if (m === undefined) throw new Error("empty member pool");
  return m;
}

const userValue = (m: Member): OptionValue => ({ id: m.id, displayName: m.displayName, bot: false });

class Resolver {
  readonly #rows = new Map<ValueRecipe, MatchRow | null>();
  constructor(readonly world: World) {}

  async matchRow(v: ValueRecipe): Promise<MatchRow | null> {
    if (v.kind !== "match") return null;
    if (!this.#rows.has(v)) this.#rows.set(v, await findMatchRow(this.world, v.status, v.pick));
    return this.#rows.get(v) ?? null;
  }

  memberById(id: string | null): Member | undefined {
    if (id === null) return undefined;
    const { foreign } = this.world;
    return [...this.world.everyone(), foreign.mentor, foreign.mentee, foreign.moderator].find((m) => m.id === id);
  }

  /**
   * The match behind a row id in a custom id (a session's or an action point's), so that Cancel,
   * Reschedule and Done are pressed by the people they belong to. Which table: by the action name.
   */
  async rowMatch(values: readonly ValueRecipe[], prefix: string | null): Promise<MatchRow | null> {
    const first = values[0];
    const literal = first?.kind === "pair" ? first.parts[0] : first;
    if (prefix === null || literal?.kind !== "literal" || !/^\d{1,9}$/.test(String(literal.value))) return null;
    const id = Number(literal.value);
    const select = { match: { select: { id: true, guildId: true, mentor: { select: { userId: true } }, mentee: { select: { userId: true } } } } } as const;
    const row = prefix.includes("session")
      ? await this.world.database.db.matchSession.findUnique({ where: { id }, select })
      : await this.world.database.db.matchNote.findUnique({ where: { id }, select });
    if (row === null) return null;
    return { id: row.match.id, mentorUserId: row.match.mentor?.userId ?? null, menteeUserId: row.match.mentee?.userId ?? null };
  }

  async actor(a: ActorRecipe, values: readonly ValueRecipe[], prefix: string | null = null): Promise<Member> {
    const w = this.world;
    switch (a.kind) {
      case "pool":
        return pickFrom(poolOf(w, a.pool), a.pick);
      case "moderator":
        return w.moderator;
      case "role-moderator":
        return w.roleModerator;
      case "foreign-moderator":
        return w.foreign.moderator;
      case "fresh":
        return member("Fresh Member");
      case "match-mentor":
      case "match-mentee": {
        const first = values.map(firstMatchRef).find((v) => v !== undefined);
        if (first?.kind === "foreign-match") return a.kind === "match-mentor" ? w.foreign.mentor : w.foreign.mentee;
        const row = first === undefined ? await this.rowMatch(values, prefix) : await this.matchRow(first);
        const id = row === null ? null : a.kind === "match-mentor" ? row.mentorUserId : row.menteeUserId;
        return this.memberById(id) ?? (id === null ? w.moderator : { id, displayName: "Former Member" });
      }
    }
  }

  async value(v: ValueRecipe, actor: Member): Promise<unknown> {
    const w = this.world;
    switch (v.kind) {
      case "literal":
        return v.value;
      case "match": {
        const row = await this.matchRow(v);
        const id = row?.id ?? 999_999;
        return v.asText ? `#${id}` : id;
      }
      case "foreign-match":
        return v.asText ? ` ${w.foreign.matchId} ` : w.foreign.matchId;
      case "member":
        return userValue(pickFrom(poolOf(w, v.pool), v.pick));
      case "foreign-member":
        return userValue(w.foreign.mentor);
      case "self":
        return userValue(actor);
      case "pair":
        return `${await this.idText(v.parts[0], actor)}-${await this.idText(v.parts[1], actor)}`;
    }
  }

  async idText(v: ValueRecipe, actor: Member): Promise<string> {
    const value = await this.value(v, actor);
    if (typeof value === "object" && value !== null && "id" in value) return String(value.id);
    return typeof value === "string" ? value : String(value);
  }
}

function guildOf(where: Where): string | null {
  return where === "guild" ? GUILD : where === "other-guild" ? OTHER_GUILD : null;
}

function base(actor: Member, where: Where) {
  return {
    user: { id: actor.id, displayName: actor.displayName },
    guildId: guildOf(where),
    channelId: CHANNEL,
    canManageGuild: actor.canManageGuild ?? false,
    memberRoleIds: actor.roleIds ?? [],
  };
}

function describe(recipe: Recipe, ctx: unknown, res: RecordingResponder): string {
  const safe = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : typeof v === "string" && v.length > 200 ? `${v.slice(0, 200)}…(${v.length})` : v));
  return `\n  recipe: ${safe(recipe)}\n  context: ${safe(ctx)}\n  events: ${safe(res.events)}`;
}

/** Builds the interaction from the recipe, runs it, checks the answer and counts the outcome. */
export async function runRecipe(world: World, recipe: Recipe, counts: Counts, options: RunOptions = {}): Promise<void> {
  const resolver = new Resolver(world);
  let ctx: CommandInteractionContext | ComponentInteractionContext | ModalInteractionContext;
  let key: string;
  if (recipe.kind === "command") {
    const values = recipe.options.map(([, v]) => v);
    const actor = await resolver.actor(recipe.actor, values);
    const entries: [string, unknown][] = [];
    for (const [name, v] of recipe.options) entries.push([name, await resolver.value(v, actor)]);
    ctx = {
      ...base(actor, recipe.where),
      kind: "command",
      commandName: recipe.command,
      subcommand: recipe.subcommand,
      options: Object.fromEntries(entries) as unknown as Readonly<Record<string, OptionValue>>,
    };
    const known = KNOWN_SUBCOMMANDS.has(`${recipe.command} ${recipe.subcommand ?? ""}`);
    key = `/${recipe.command} ${known ? recipe.subcommand : "(bad subcommand)"}`;
  } else {
    const actor = await resolver.actor(recipe.actor, [recipe.id], recipe.prefix);
    const customId = recipe.raw ?? `${recipe.prefix ?? ""}:${await resolver.idText(recipe.id, actor)}`;
    if (recipe.kind === "button") {
      ctx = { ...base(actor, recipe.where), kind: "button", customId };
    } else {
      const fields: [string, unknown][] = [];
      for (const [name, v] of recipe.fields) fields.push([name, await resolver.value(v, actor)]);
      ctx = { ...base(actor, recipe.where), kind: "modal", customId, fields: Object.fromEntries(fields) as unknown as Readonly<Record<string, string>> };
    }
    key = `${recipe.kind} ${recipe.prefix ?? "(malformed id)"}`;
  }

  const errorsBefore = world.log.errors().length;
  // A form is answered as one opened by a command (update() refused): the stricter of the two.
  const res = new RecordingResponder(ctx.kind);
  try {
    await world.h.router.handle(ctx, res);
  } catch (error) {
    throw new Error(`an error escaped the router: ${String(error)}${describe(recipe, ctx, res)}`);
  }

  // Exactly one initial response (reply, update, modal or defer), and a deferred one is completed.
  const initial = res.events.filter((e) => e.kind === "reply" || e.kind === "update" || e.kind === "modal" || e.kind === "defer");
  if (initial.length !== 1) throw new Error(`expected exactly one initial response, got ${initial.length}${describe(recipe, ctx, res)}`);
  if (initial[0]?.kind === "defer" && !res.events.some((e) => e.kind === "editReply")) {
    throw new Error(`deferred but never answered${describe(recipe, ctx, res)}`);
  }
  for (const e of res.events) {
    if (e.message === undefined) continue;
    const text = allText(e.message);
    if (APOLOGY.test(text)) throw new Error(`unhandled exception (apology shown)${describe(recipe, ctx, res)}`);
    if (BUSY.test(text)) throw new Error(`database busy in a single-process run${describe(recipe, ctx, res)}`);
    const isError = (e.message.content ?? "").startsWith("⚠️");
    if (isError && e.message.ephemeral !== true) throw new Error(`error shown publicly${describe(recipe, ctx, res)}`);
    if (e.kind === "reply" && e.message.ephemeral !== true) throw new Error(`reply is not ephemeral${describe(recipe, ctx, res)}`);
  }
  const newErrors = world.log.errors().slice(errorsBefore);
  if (newErrors.length > 0) throw new Error(`error logged: ${newErrors.join("\n")}${describe(recipe, ctx, res)}`);

  // Count.
  const first = res.events.find((e) => e.message !== undefined || e.modal !== undefined);
  const content = first?.message === undefined ? "" : allText(first.message);
  const sub = counts.bySub.get(key) ?? { inputs: 0, success: 0, clearError: 0, rateLimited: 0 };
  counts.bySub.set(key, sub);
  counts.inputs++;
  sub.inputs++;
  if (RATE_LIMITED.test(content)) {
    counts.rateLimited++;
    sub.rateLimited++;
  } else if (content.startsWith("⚠️")) {
    counts.clearError++;
    sub.clearError++;
  } else {
    counts.success++;
    sub.success++;
  }

  // Keep the run meaningful: the per-user rate limit is a real answer, but a fuzz full of it tests
  // nothing; moderators' fuzzed /mod config may lower the limit or change the moderator role.
  if (recipe.kind === "command" && recipe.command === "mod" && recipe.subcommand === "config") {
    await world.database.db.guildSettings.update({ where: { guildId: GUILD }, data: { commandsPerMinute: 120, moderatorRoleId: MODERATOR_ROLE } });
  }
  if (counts.inputs % 100 === 0) world.h.clock.advance(61_000);
  if (options.replenishEvery !== undefined && counts.inputs % options.replenishEvery === 0) await world.replenish();
}

export function formatCounts(name: string, counts: Counts, ms: number): string {
  const lines = [
    `${name}: ${counts.inputs} inputs in ${(ms / 1000).toFixed(1)} s — ${counts.success} succeeded, ${counts.clearError} clear errors, ${counts.rateLimited} rate-limited, 0 unhandled`,
  ];
  for (const [sub, c] of [...counts.bySub.entries()].sort()) {
    lines.push(`    ${sub.padEnd(28)} ${String(c.inputs).padStart(6)} inputs  ${String(c.success).padStart(6)} ok  ${String(c.clearError).padStart(6)} clear errors  ${String(c.rateLimited).padStart(4)} rate-limited`);
  }
  return lines.join("\n");
}
