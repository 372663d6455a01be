// fast-check generators for interactions, derived from each command's registration JSON (`data`):
// option names, types, choices and limits come from the definition, values are a mix of valid,
// boundary, hostile and wrongly typed ones. A generated input is a *recipe*: references to members
// and matches ("the mentor of some requested match") are resolved against the live database when
// the input runs, so valid inputs keep hitting real rows while the state evolves.
import { ApplicationCommandOptionType } from "discord.js";
import fc from "fast-check";
import type { Access, CommandModule } from "../../../src/interaction/command.js";
import type { ComponentEntry, IdShape } from "../../../src/interaction/components.js";
import { KNOWN_TOPICS } from "../../../src/matching/index.js";

// ── Registration JSON, loosely typed ──────────────────────────────────────────────────────────────

export interface OptionDef {
  type: number;
  name: string;
  required?: boolean;
  choices?: readonly { name: string; value: string | number }[];
  min_value?: number;
  max_value?: number;
  max_length?: number;
  options?: readonly OptionDef[];
}

export interface SubcommandDef {
  name: string;
  options: readonly OptionDef[];
}

/** Every subcommand the command declares ("group sub" inside a group), with its options' JSON. */
export function subcommandsOf(command: CommandModule): SubcommandDef[] {
  return command.subcommands.map((s) => ({ name: s.name, options: s.json().options ?? [] }));
}

// ── Recipes ───────────────────────────────────────────────────────────────────────────────────────

export type Where = "guild" | "other-guild" | "dm";
export type MemberPool = "mentors" | "mentees" | "outsiders" | "everyone";

export type ValueRecipe =
  | { kind: "literal"; value: unknown }
  /** Some match in GUILD (with this status, or any when null); as a number or as text "#12". */
  | { kind: "match"; pick: number; status: string | null; asText: boolean }
  | { kind: "foreign-match"; asText: boolean }
  | { kind: "member"; pool: MemberPool; pick: number }
  | { kind: "foreign-member" }
  | { kind: "self" }
  /** Two ids in one custom id ("12-3"), e.g. a match and a page or an answer code. */
  | { kind: "pair"; parts: [ValueRecipe, ValueRecipe] };

export type ActorRecipe =
  | { kind: "pool"; pool: MemberPool; pick: number }
  | { kind: "moderator" }
  | { kind: "role-moderator" }
  | { kind: "foreign-moderator" }
  | { kind: "fresh" }
  /** The mentor / mentee of the first match referenced by the input. */
  | { kind: "match-mentor" }
  | { kind: "match-mentee" };

export interface CommandRecipe {
  kind: "command";
  command: string;
  subcommand: string | null;
  where: Where;
  actor: ActorRecipe;
  options: [string, ValueRecipe][];
}

export interface ComponentRecipe {
  kind: "button" | "modal";
  /** "<command>:<action>" and an id recipe, or a raw custom id. */
  prefix: string | null;
  id: ValueRecipe;
  raw: string | null;
  where: Where;
  actor: ActorRecipe;
  fields: [string, ValueRecipe][];
}

export type Recipe = CommandRecipe | ComponentRecipe;

// ── Values ────────────────────────────────────────────────────────────────────────────────────────

/** Strings every text input must survive. */
export const HOSTILE_CONSTANTS: readonly string[] = [
  "",
  " ",
  "   \n\t  ",
  "\u200B",
  "\u200D",
  "\uFEFF",
  "\u200B\u200D\uFEFF",
  "\u200Bfintech\u200B",
  "\u00AD",
  "\u2060",
  "@everyone",
  "@here",
  "<@&123456789012345678>",
  "<@123456789012345678>",
  "<@!123456789012345678>",
  "<#123456789012345678>",
  "**x**",
  "`x`",
  "```js\nx\n```",
  "[a](http://x)",
  "||spoiler||",
  "> quote",
  "'; DROP TABLE Profile; --",
  "\" OR 1=1 --",
  "%_\\",
  "\u0000",
  "a\u0000b",
  "\u0007bell",
  "\u001B[31mred",
  "\u0085",
  "x\u009By",
  "\u202Eevil",
  "\u2066x\u2069",
  "\u3164\u3164\u3164",
  "\u1160",
  "\u115F\u115F",
  "\u061Cx",
  "\u{E0041}\u{E0042}",
  "\u034Fa",
  "\u180E",
  "\u2800\u2800",
  "\uFE0F",
  "\u200D\u200D",
  "👩\u200D",
  "\u2028\u2029",
  "\uD800",
  "\uDFFFx",
  "Z\u0334\u0321\u031Ba\u0337l\u0338g\u0335o\u0336",
  "👩‍👩‍👧‍👦",
  "🏳️‍🌈",
  "ﷺ",
  "㎒",
  "ﬃ",
  "R&D & M&A",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e309",
  "#1",
  "# 1",
  " #2 ",
  "0x10",
  "1.5",
  "２",
  "٣",
  "\r\n\r\n\r\n\r\n",
  "2026-02-30",
  "2026-13-01",
  "0000-00-00",
  "9999-12-31",
  "2020-01-01",
  "2026-11-02",
  "+002026-11-20",
  "2026-11-20T00:00",
  " 2026-11-20 ",
  "Europe/London\u200B",
  "UTC+99",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "${process.exit()}",
  "__proto__",
  "constructor",
  "toString",
];

/** Repeated to the limit or beyond: expansion (&, ㎒), invisible, combining and wide characters. */
const PATTERNS: readonly string[] = ["a", "word ", "&", "㎒", "ﬃ", "\u200B", "x\u200By", "é", "e\u0301", "👩‍💻", "\u0085", "界", "\n", "@everyone ", "<@123456789012345678> "];

function repeatTo(pattern: string, length: number): string {
  return pattern.repeat(Math.ceil(length / pattern.length)).slice(0, length);
}

const overlong = (max: number): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...PATTERNS), fc.integer({ min: max + 1, max: 5000 })).map(([p, n]) => repeatTo(p, n));

/** Exactly at the documented limit, or one past it. */
const boundary = (max: number): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...PATTERNS), fc.constantFrom(max, max + 1)).map(([p, n]) => repeatTo(p, n));

export function hostileString(max = 100): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 80 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 100 }) },
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
    { weight: 2, arbitrary: overlong(max) },
    { weight: 2, arbitrary: boundary(max) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...HOSTILE_CONSTANTS), fc.string({ unit: "grapheme-ascii", maxLength: 20 }), fc.constantFrom(...HOSTILE_CONSTANTS))
        .map(([a, b, c]) => `${a}${b}${c}`),
    },
  );
}

const snowflake = fc.bigInt({ min: 10_000_000_000_000_000n, max: 9_999_999_999_999_999_999n }).map(String);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 6, 11, 121, 366, 1.5, 0.5, -0.5, 2 ** 31, 2 ** 31 - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, Number.MAX_VALUE, Number.MIN_VALUE, Number.NaN, Infinity, -Infinity, 1e308),
  fc.integer(),
  fc.double(),
  fc.integer({ min: -20, max: 200 }),
);

const userObject = fc.record({ id: fc.oneof(snowflake, fc.string({ maxLength: 25 })), displayName: fc.string({ maxLength: 40 }), bot: fc.boolean() });

/** A value of the wrong type for whatever option it lands in. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom("5", "#3", "3 ", "1e2", "0x1f", "", "true"),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  userObject,
  fc.constantFrom<unknown>({}, { id: 5 }, { toString: "x" }),
);

export const hostileUser: fc.Arbitrary<unknown> = fc.oneof(
  userObject,
  fc.record({ id: snowflake, displayName: hostileString(40), bot: fc.constant(true) }),
  fc.record({ id: fc.constantFrom("0", "-1", "1".repeat(21), "12345678901234567a", "１２３４５６７８９０１２３４５６７８９", ""), displayName: fc.constant("x"), bot: fc.constant(false) }),
  fc.constantFrom<unknown>("<@123456789012345678>", "@everyone", "123456789012345678", 123456789012345678, {}), // eslint-disable-line no-loss-of-precision -- a snowflake sent as a JSON number, rounded as a client would
);

const lorem = (maxCount: number) => fc.lorem({ mode: "sentences", maxCount });

/** Values a member could really type for an option of this name. */
const VALID_TEXT: Readonly<Record<string, fc.Arbitrary<string>>> = {
  industry: fc.constantFrom("fintech", "software", "Banking", "healthcare", "retail", "Financial Services", "I.T.", "data science", "Underwater basket weaving", "R&D"),
  "target-industry": fc.constantFrom("fintech", "software", "product", "consulting", "Data Science", "game design"),
  topics: fc
    .array(fc.constantFrom(...KNOWN_TOPICS, "resume", "interviews", "job hunting", "zz custom tag", "Résumé", "C++", "C#"), { minLength: 1, maxLength: 10 })
    .map((a) => a.join(", ")),
  about: lorem(6).map((s) => `About me: ${s}`.slice(0, 1000)),
  headline: fc.lorem({ maxCount: 10 }).map((s) => s.slice(0, 120)),
  timezone: fc.constantFrom("Europe/London", "UTC", "UTC+2", "GMT-5:30", "America/New_York", "Asia/Kolkata", "America/Argentina/Buenos_Aires"),
  until: fc.constantFrom("2026-11-20", "2026-12-31", "2027-03-01", "2027-10-01"),
  message: lorem(4).map((s) => s.slice(0, 500)),
  text: lorem(6).map((s) => s.slice(0, 1000)),
  feedback: lorem(6).map((s) => s.slice(0, 1000)),
  reason: lorem(3).map((s) => s.slice(0, 500)),
  when: fc.constantFrom("tomorrow 18:00", "friday 9:30", "2026-12-03 18:00", "in 3 days 10:00", "in 2 hours", "next monday 7pm", "today 23:59"),
  where: fc.constantFrom("Zoom https://zoom.us/j/123", "Café Central", "Google Meet", "Library, room 2"),
  due: fc.constantFrom("2026-11-20", "2026-12-31", "2027-03-01"),
  share: fc.constantFrom("yes", "no", "Y", "n"),
  topic: fc.constantFrom("interviewing", "cv", "Resumes", "salary negotiation", "zz custom topic"),
  description: lorem(3).map((s) => s.slice(0, 500)),
  url: fc.constantFrom("https://example.org/cv-guide", "https://careers.example.ac.uk/interviews?year=2026", "https://EXAMPLE.org/cv-guide/#part", "http://example.org/x", "https://localhost/x"),
  title: fc.lorem({ maxCount: 6 }).map((s) => s.slice(0, 100)),
  note: lorem(2).map((s) => s.slice(0, 300)),
  event: fc.constantFrom("1", "#2", "3", "12"),
  resource: fc.constantFrom("1", "#2", "3"),
};

/** Which match status an option naturally refers to, by "<command> <subcommand>" or custom id prefix. */
export const NATURAL_STATUS: Readonly<Record<string, string>> = {
  "match note": "active",
  "match notes": "active",
  "match end": "active",
  "match cancel": "requested",
  "mod approve": "pending_review",
  "mod reject": "pending_review",
  "match:accept": "requested",
  "match:decline": "requested",
  "mod:approve": "pending_review",
  "mod:reject": "pending_review",
  "mod:reject-form": "pending_review",
  "match actions": "active",
  "match schedule": "active",
  "match sessions": "active",
  "match:decline-why": "requested",
  "match:decline-back": "requested",
  "match:decline-form": "requested",
  "match:checkin": "active",
  "match:keep": "active",
  "match:stop": "active",
  "match:flag-form": "active",
  "match:actions-page": "active",
  "mod:resolve": "active",
};

const lit = (a: fc.Arbitrary<unknown>): fc.Arbitrary<ValueRecipe> => a.map((value) => ({ kind: "literal" as const, value }));

function matchRef(natural: string | null): fc.Arbitrary<ValueRecipe> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant("match" as const),
        pick: fc.nat(),
        status: fc.oneof({ weight: 7, arbitrary: fc.constant(natural) }, { weight: 3, arbitrary: fc.constant(null) }),
        asText: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("foreign-match" as const), asText: fc.boolean() }) },
    { weight: 1, arbitrary: lit(fc.integer({ min: 100_000, max: 2 ** 31 - 1 })) },
  );
}

function validValue(def: OptionDef, context: string): fc.Arbitrary<ValueRecipe> {
  if (def.name === "match") return matchRef(NATURAL_STATUS[context] ?? null);
  if (def.choices !== undefined && def.choices.length > 0) return lit(fc.constantFrom(...def.choices.map((c) => c.value)));
  switch (def.type) {
    case ApplicationCommandOptionType.User:
      return fc.oneof(
        { weight: 8, arbitrary: fc.record({ kind: fc.constant("member" as const), pool: fc.constant<MemberPool>(def.name === "mentor" ? "mentors" : "everyone"), pick: fc.nat() }) },
        { weight: 1, arbitrary: fc.constant<ValueRecipe>({ kind: "self" }) },
        { weight: 1, arbitrary: fc.constant<ValueRecipe>({ kind: "foreign-member" }) },
        { weight: 1, arbitrary: lit(snowflake.map((id) => ({ id, displayName: "Nobody Here", bot: false }))) },
      );
    case ApplicationCommandOptionType.Integer:
      return lit(fc.integer({ min: def.min_value ?? -1000, max: def.max_value ?? 1000 }));
    case ApplicationCommandOptionType.Number:
      return lit(fc.double({ min: def.min_value ?? -1000, max: def.max_value ?? 1000, noNaN: true }));
    case ApplicationCommandOptionType.Boolean:
      return lit(fc.boolean());
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Mentionable:
      return lit(snowflake);
    default: {
      const known = VALID_TEXT[def.name];
      if (known !== undefined) return lit(known);
      return lit(fc.string({ minLength: 1, maxLength: def.max_length ?? 100 }));
    }
  }
}

function hostileValue(def: OptionDef): fc.Arbitrary<ValueRecipe> {
  switch (def.type) {
    case ApplicationCommandOptionType.User:
      return lit(fc.oneof({ weight: 3, arbitrary: hostileUser }, { weight: 1, arbitrary: wrongType }));
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return lit(fc.oneof({ weight: 3, arbitrary: hostileNumber }, { weight: 1, arbitrary: hostileString(20) }, { weight: 1, arbitrary: wrongType }));
    case ApplicationCommandOptionType.Boolean:
      return lit(fc.oneof(wrongType, fc.constantFrom<unknown>("true", "false", 1, 0, "yes")));
    default:
      return lit(fc.oneof({ weight: 5, arbitrary: hostileString(def.max_length ?? 100) }, { weight: 1, arbitrary: wrongType }));
  }
}

interface Mix {
  absent: number;
  valid: number;
  /** Valid values decorated with characters that cleaning may or may not remove, or at the limit. */
  tricky: number;
  hostile: number;
}

/** Fully valid, valid with tricky text, a little hostile, mostly hostile: some succeed, many probe. */
const MIXES: readonly { weight: number; mix: Mix }[] = [
  { weight: 2, mix: { absent: 4, valid: 8, tricky: 0, hostile: 0 } },
  { weight: 3, mix: { absent: 3, valid: 5, tricky: 3, hostile: 0 } },
  { weight: 2, mix: { absent: 3, valid: 5, tricky: 1, hostile: 1 } },
  { weight: 3, mix: { absent: 2, valid: 2, tricky: 1, hostile: 5 } },
];

/** Characters a member can paste: invisible, control (C0 and C1), bidi, expanding, markup. */
const DECORATIONS: readonly string[] = [
  "\u3164", "\u1160", "\u061C", "\u{E0041}", "\u034F", "\u180E", "\u2800", "\uFE0F",
  "\u200B", "\u200C", "\u200D", "\uFEFF", "\u2060", "\u00AD", "\u0000", "\u0007", "\u001B", "\u007F", "\u0085", "\u009B", "\u202E", "\u2066",
  "\u2028", "\r", "\t", "&", "㎒", "ﬃ", "ﷺ", "e\u0301", "👩‍💻", "@everyone", "@here", "<@123456789012345678>", "<@&123456789012345678>", "**", "`", "||", "'", "\"", ";--",
];

const decorated = (valid: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(valid, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...DECORATIONS)), { minLength: 1, maxLength: 4 }))
    .map(([text, inserts]) => {
      let out = text;
      for (const [at, piece] of inserts) {
        const i = at % (out.length + 1);
        out = `${out.slice(0, i)}${piece}${out.slice(i)}`;
      }
      return out;
    });

function trickyValue(def: OptionDef, context: string): fc.Arbitrary<ValueRecipe> {
  const isText = def.type === ApplicationCommandOptionType.String && (def.choices === undefined || def.choices.length === 0);
  if (!isText) return validValue(def, context);
  const max = def.max_length ?? 100;
  const known = VALID_TEXT[def.name] ?? fc.string({ minLength: 1, maxLength: max });
  // A topic list is limited per tag (40) as well as in total: repeat patterns up to the tag limit.
  const perTag = fc
    .array(fc.tuple(fc.constantFrom(...PATTERNS), fc.integer({ min: 1, max: 40 })).map(([p, n]) => repeatTo(p, n)), { minLength: 1, maxLength: 10 })
    .map((tags) => tags.join(", "));
  return lit(
    fc.oneof(
      { weight: def.name === "topics" ? 3 : 0, arbitrary: perTag },
      { weight: 5, arbitrary: decorated(known) },
      { weight: 2, arbitrary: boundary(max) },
      { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 10, maxLength: Math.min(max, 200) }) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 10, maxLength: Math.min(max, 200) }) },
    ),
  );
}

function optionRecipe(def: OptionDef, context: string, mix: Mix): fc.Arbitrary<[string, ValueRecipe] | null> {
  const choices: { weight: number; arbitrary: fc.Arbitrary<[string, ValueRecipe] | null> }[] = [];
  const absent = def.required === true ? Math.min(mix.absent, 1) : mix.absent;
  const named = (a: fc.Arbitrary<ValueRecipe>) => a.map((v) => [def.name, v] as [string, ValueRecipe]);
  if (absent > 0) choices.push({ weight: absent, arbitrary: fc.constant(null) });
  if (mix.valid > 0) choices.push({ weight: mix.valid, arbitrary: named(validValue(def, context)) });
  if (mix.tricky > 0) choices.push({ weight: mix.tricky, arbitrary: named(trickyValue(def, context)) });
  if (mix.hostile > 0) choices.push({ weight: mix.hostile, arbitrary: named(hostileValue(def)) });
  return fc.oneof(...choices);
}

const extraOption: fc.Arbitrary<[string, ValueRecipe]> = fc.tuple(
  fc.constantFrom("__proto__", "constructor", "toString", "", "x".repeat(200), "unknown-option", "mentor", "match", "capacity"),
  lit(wrongType),
);

const where: fc.Arbitrary<Where> = fc.oneof(
  { weight: 18, arbitrary: fc.constant<Where>("guild") },
  { weight: 1, arbitrary: fc.constant<Where>("other-guild") },
  { weight: 1, arbitrary: fc.constant<Where>("dm") },
);

const pool = (p: MemberPool): fc.Arbitrary<ActorRecipe> => fc.nat().map((pick) => ({ kind: "pool" as const, pool: p, pick }));
const actorOf = (kind: Exclude<ActorRecipe["kind"], "pool">): fc.Arbitrary<ActorRecipe> => fc.constant({ kind });

/** Who plausibly runs this (sub)command: participants for match ids, moderators for /mod. */
export function actorFor(command: string, sub: string | null, hasMatch: boolean): fc.Arbitrary<ActorRecipe> {
  if (command === "mod") {
    return fc.oneof(
      { weight: 6, arbitrary: actorOf("moderator") },
      { weight: 2, arbitrary: actorOf("role-moderator") },
      { weight: 2, arbitrary: pool("everyone") },
      { weight: 1, arbitrary: actorOf("foreign-moderator") },
    );
  }
  if (hasMatch) {
    return fc.oneof(
      { weight: 4, arbitrary: actorOf("match-mentee") },
      { weight: 3, arbitrary: actorOf("match-mentor") },
      { weight: 2, arbitrary: pool("everyone") },
      { weight: 1, arbitrary: actorOf("fresh") },
    );
  }
  const preferred: MemberPool = sub === "mentees" || command === "mentor" ? "mentors" : command === "mentee" || sub === "find" || sub === "request" ? "mentees" : "everyone";
  return fc.oneof(
    { weight: 5, arbitrary: pool(preferred) },
    { weight: 3, arbitrary: pool("everyone") },
    { weight: 1, arbitrary: pool("outsiders") },
    { weight: 2, arbitrary: actorOf("fresh") },
    { weight: 1, arbitrary: actorOf("moderator") },
  );
}

function subcommandRecipe(command: string, sub: SubcommandDef, mix: Mix): fc.Arbitrary<CommandRecipe> {
  const context = `${command} ${sub.name}`;
  const hasMatch = sub.options.some((o) => o.name === "match");
  return fc
    .record({
      where,
      actor: actorFor(command, sub.name, hasMatch),
      options: fc.tuple(...sub.options.map((o) => optionRecipe(o, context, mix))),
      // An option the command does not declare is refused (not dropped): rare, so that most inputs
      // still reach the handler.
      extra: fc.oneof({ weight: 14, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: extraOption }),
    })
    .map(({ where: w, actor, options, extra }) => ({
      kind: "command" as const,
      command,
      subcommand: sub.name,
      where: w,
      actor,
      options: [...options.filter((o): o is [string, ValueRecipe] => o !== null), ...(extra === null ? [] : [extra])],
    }));
}

/** Every subcommand of `command`, each option drawn from its definition; plus bad subcommands. */
export function commandRecipes(command: CommandModule): fc.Arbitrary<CommandRecipe> {
  const name = command.data.name;
  const subs = subcommandsOf(command);
  const perMix = MIXES.map(({ weight, mix }) => ({
    weight,
    arbitrary: fc.oneof(...subs.map((s) => subcommandRecipe(name, s, mix))),
  }));
  const badSub: fc.Arbitrary<CommandRecipe> = fc.record({
    kind: fc.constant("command" as const),
    command: fc.constant(name),
    subcommand: fc.oneof(fc.constant(null), fc.constantFrom("", "unknown", "PROFILE", "profile ", "queue\u200B"), fc.string({ maxLength: 10 })),
    where,
    actor: actorFor(name, null, false),
    options: fc.array(extraOption, { maxLength: 2 }),
  });
  return fc.oneof(...perMix, { weight: 1, arbitrary: badSub });
}

// ── Buttons and modals ───────────────────────────────────────────────────────────────────────────

const hostileId: fc.Arbitrary<ValueRecipe> = lit(
  fc.oneof(
    fc.constantFrom("0", "-1", "1.5", "abc", "", "9".repeat(80), "9".repeat(81), "\u200B1", "１", "1e3", "99999999999", "2147483648", "#1", "__proto__"),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 30 }),
  ),
);

/** A valid-looking id of one shape (a part of a pair, or a whole id). */
function idOfShape(shape: IdShape, natural: string | null): fc.Arbitrary<ValueRecipe> {
  switch (shape.kind) {
    case "match":
      return matchRef(natural).map((r) => (r.kind === "match" || r.kind === "foreign-match" ? { ...r, asText: false } : r));
    case "user":
      return fc.oneof(fc.constant<ValueRecipe>({ kind: "self" }), fc.record({ kind: fc.constant("member" as const), pool: fc.constant<MemberPool>("everyone"), pick: fc.nat() }));
    case "int":
      // Row ids (notes, sessions) are small in a test world; codes (answers, pages) are in range.
      return lit(fc.oneof(fc.integer({ min: shape.min, max: Math.min(shape.max, shape.min + 8) }), fc.integer({ min: shape.min, max: Math.min(shape.max, shape.min + 400) })).map(String));
    case "pair":
      return fc.tuple(idOfShape(shape.parts[0], natural), idOfShape(shape.parts[1], natural)).map(([a, b]) => ({ kind: "pair" as const, parts: [a, b] }));
  }
}

/** Ids for a component, by the kind of id its declaration carries (match, user, ...). */
function componentId(entry: ComponentEntry): fc.Arbitrary<ValueRecipe> {
  const prefix = `${entry.command}:${entry.action}`;
  if (entry.idKind === "pair" || entry.idKind === "int") {
    return fc.oneof({ weight: 8, arbitrary: idOfShape(entry.idShape, NATURAL_STATUS[prefix] ?? null) }, { weight: 2, arbitrary: hostileId });
  }
  if (entry.idKind === "user") {
    // The member the button is about (a mentor to request), or the only one who may press it.
    const owner = entry.command === "profile";
    return fc.oneof(
      { weight: owner ? 6 : 1, arbitrary: fc.constant<ValueRecipe>({ kind: "self" }) },
      { weight: owner ? 2 : 6, arbitrary: fc.record({ kind: fc.constant("member" as const), pool: fc.constant<MemberPool>(owner ? "everyone" : "mentors"), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("member" as const), pool: fc.constant<MemberPool>("everyone"), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.constant<ValueRecipe>({ kind: "foreign-member" }) },
      { weight: 2, arbitrary: hostileId },
    );
  }
  if (entry.idKind === "match") {
    return fc.oneof(
      { weight: 8, arbitrary: matchRef(NATURAL_STATUS[prefix] ?? null).map((r) => (r.kind === "match" || r.kind === "foreign-match" ? { ...r, asText: false } : r)) },
      { weight: 2, arbitrary: hostileId },
    );
  }
  return fc.oneof({ weight: 3, arbitrary: lit(fc.nat({ max: 2000 }).map(String)) }, { weight: 2, arbitrary: hostileId });
}

/** The match a pair id starts with, so the fuzz presses it as that match's mentor or mentee. */
export function firstMatchRef(v: ValueRecipe): ValueRecipe | undefined {
  if (v.kind === "match" || v.kind === "foreign-match") return v;
  if (v.kind === "pair") return firstMatchRef(v.parts[0]) ?? firstMatchRef(v.parts[1]);
  return undefined;
}

/** Who presses it: moderators (and others) for moderator components, the match's people for match ids. */
function componentActor(entry: ComponentEntry, access: Access): fc.Arbitrary<ActorRecipe> {
  if (access === "moderator") return actorFor("mod", null, false);
  if (entry.idKind === "match" || entry.idKind === "pair" || entry.idKind === "int") {
    return fc.oneof(
      { weight: 6, arbitrary: actorOf("match-mentor") },
      { weight: 2, arbitrary: actorOf("match-mentee") },
      { weight: 2, arbitrary: pool("everyone") },
      { weight: 1, arbitrary: actorOf("fresh") },
    );
  }
  if (entry.idKind === "user" && entry.command !== "profile") {
    return fc.oneof({ weight: 6, arbitrary: pool("mentees") }, { weight: 2, arbitrary: pool("everyone") }, { weight: 1, arbitrary: actorOf("fresh") });
  }
  return fc.oneof({ weight: 6, arbitrary: pool("everyone") }, { weight: 1, arbitrary: actorOf("fresh") });
}

const componentWhere: fc.Arbitrary<Where> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Where>("guild") },
  { weight: 5, arbitrary: fc.constant<Where>("dm") },
  { weight: 1, arbitrary: fc.constant<Where>("other-guild") },
);

/** Values for each declared field of a form (valid, decorated, hostile, wrongly typed, absent), plus strays. */
function fieldRecipes(entry: ComponentEntry | null): fc.Arbitrary<[string, ValueRecipe][]> {
  const declared = entry === null ? [] : entry.fieldNames.map((name) => ({ name, max: entry.fieldLimits[name]?.max ?? 100 }));
  const one = ({ name, max }: { name: string; max: number }): fc.Arbitrary<[string, ValueRecipe] | null> => {
    const valid = VALID_TEXT[name] ?? fc.string({ minLength: 1, maxLength: max });
    return fc.oneof(
      { weight: 4, arbitrary: lit(valid).map((v) => [name, v] as [string, ValueRecipe]) },
      { weight: 3, arbitrary: lit(decorated(valid)).map((v) => [name, v] as [string, ValueRecipe]) },
      { weight: 3, arbitrary: lit(hostileString(max)).map((v) => [name, v] as [string, ValueRecipe]) },
      { weight: 1, arbitrary: lit(wrongType).map((v) => [name, v] as [string, ValueRecipe]) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  };
  const extra = fc.oneof(
    { weight: 7, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("reason", "message", "__proto__", "", "x"), lit(fc.oneof(hostileString(100), wrongType))) },
  );
  return fc.tuple(fc.tuple(...declared.map(one)), extra).map(([fields, e]) => [
    ...fields.filter((f): f is [string, ValueRecipe] => f !== null),
    ...(e === null ? [] : [e]),
  ]);
}

const rawCustomId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", ":::", "match:accept", "match:accept:", "MATCH:ACCEPT:1", "match:accept:1:2", `match:accept:${"1".repeat(200)}`, "match::1", ":accept:1", "match:accept:\u200B"),
  fc.string({ maxLength: 120 }),
  fc.string({ unit: "binary", maxLength: 120 }),
);

function componentRecipe(kind: "button" | "modal", entry: ComponentEntry, access: Access): fc.Arbitrary<ComponentRecipe> {
  return fc.record({
    kind: fc.constant(kind),
    prefix: fc.constant<string | null>(`${entry.command}:${entry.action}`),
    id: componentId(entry),
    raw: fc.constant<string | null>(null),
    where: componentWhere,
    actor: componentActor(entry, access),
    fields: kind === "modal" ? fieldRecipes(entry) : fc.constant<[string, ValueRecipe][]>([]),
  });
}

/** Every button and form the commands declare, plus wrong kinds (a form's id on a button), unknown and malformed ids. */
export function componentRecipes(commandList: readonly CommandModule[]): fc.Arbitrary<ComponentRecipe> {
  const entries = commandList.flatMap((c) => c.components.map((entry) => ({ entry, access: c.accessOf(entry) })));
  const wrongKind = entries.map(({ entry, access }) => componentRecipe(entry.kind === "button" ? "modal" : "button", entry, access));
  const unknown: fc.Arbitrary<ComponentRecipe> = fc.record({
    kind: fc.constantFrom<"button" | "modal">("button", "modal"),
    prefix: fc.constantFrom<string | null>(...commandList.flatMap((c) => [`${c.name}:nope`, `${c.name}:${c.subcommands[0]?.name ?? "x"}`]), "nope:accept"),
    id: hostileId,
    raw: fc.constant<string | null>(null),
    where: componentWhere,
    actor: pool("everyone"),
    fields: fc.constant<[string, ValueRecipe][]>([]),
  });
  return fc.oneof(
    ...entries.map(({ entry, access }) => ({ weight: 4, arbitrary: componentRecipe(entry.kind, entry, access) })),
    { weight: 2, arbitrary: fc.oneof(...wrongKind) },
    { weight: 1, arbitrary: unknown },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constantFrom<"button" | "modal">("button", "modal"),
        prefix: fc.constant<string | null>(null),
        id: fc.constant<ValueRecipe>({ kind: "literal", value: "" }),
        raw: rawCustomId.map((x): string | null => x),
        where: componentWhere,
        actor: pool("everyone"),
        fields: fieldRecipes(null),
      }),
    },
  );
}

// ── Deterministic sweep ──────────────────────────────────────────────────────────────────────────

function sweepId(shape: IdShape, status: string): ValueRecipe {
  switch (shape.kind) {
    case "match":
      return { kind: "match", pick: 0, status, asText: false };
    case "user":
      return { kind: "member", pool: "mentors", pick: 0 };
    case "int":
      return { kind: "literal", value: String(shape.min) };
    case "pair":
      return { kind: "pair", parts: [sweepId(shape.parts[0], status), sweepId(shape.parts[1], status)] };
  }
}

const L = (value: unknown): ValueRecipe => ({ kind: "literal", value });
const M = (status: string): ValueRecipe => ({ kind: "match", pick: 0, status, asText: false });
const MEMBER = (pool: MemberPool): ValueRecipe => ({ kind: "member", pool, pick: 0 });

/** A valid input for every subcommand: the sweep changes one option at a time. */
const VALID_BASE: Readonly<Record<string, { actor: ActorRecipe; options: Record<string, ValueRecipe> }>> = {
  "mentor profile": {
    actor: { kind: "pool", pool: "mentors", pick: 0 },
    options: {
      industry: L("fintech"),
      stage: L("senior"),
      topics: L("cv, interviewing"),
      about: L("About me: I help with interviews and offers."),
      capacity: L(5),
      advises: L("anyone"),
      headline: L("Senior engineer"),
      timezone: L("Europe/London"),
      visibility: L("public"),
    },
  },
  "mentor availability": { actor: { kind: "pool", pool: "mentors", pick: 1 }, options: { status: L("off"), until: L("2026-12-31") } },
  "mentee profile": {
    actor: { kind: "pool", pool: "mentees", pick: 0 },
    options: {
      industry: L("retail"),
      stage: L("student"),
      topics: L("cv"),
      about: L("About me: I want to move into software."),
      "accepts-from": L("anyone"),
      "changing-career": L(true),
      "target-industry": L("software"),
      headline: L("Retail manager"),
      timezone: L("UTC+2"),
      visibility: L("limited"),
    },
  },
  "profile view": { actor: { kind: "pool", pool: "mentees", pick: 1 }, options: { user: MEMBER("mentors") } },
  "profile delete": { actor: { kind: "pool", pool: "outsiders", pick: 0 }, options: {} },
  "match find": { actor: { kind: "pool", pool: "mentees", pick: 2 }, options: {} },
  "match mentees": { actor: { kind: "pool", pool: "mentors", pick: 2 }, options: {} },
  "match list": { actor: { kind: "pool", pool: "mentees", pick: 3 }, options: {} },
  "match request": { actor: { kind: "pool", pool: "mentees", pick: 4 }, options: { mentor: MEMBER("mentors"), message: L("Hello, could you help me?") } },
  "match note": { actor: { kind: "match-mentee" }, options: { match: M("active"), text: L("Action: draft a CV by Friday."), due: L("2026-12-31") } },
  "match actions": { actor: { kind: "match-mentor" }, options: { match: M("active") } },
  "match schedule": { actor: { kind: "match-mentee" }, options: { match: M("active"), when: L("tomorrow 18:00"), duration: L(45), where: L("Zoom") } },
  "match sessions": { actor: { kind: "match-mentor" }, options: { match: M("active") } },
  "profile export": { actor: { kind: "pool", pool: "mentees", pick: 1 }, options: {} },
  "match notes": { actor: { kind: "match-mentor" }, options: { match: M("active") } },
  "match end": { actor: { kind: "match-mentee" }, options: { match: M("ended"), rating: L(5), feedback: L("Very helpful.") } },
  "match cancel": { actor: { kind: "match-mentee" }, options: { match: M("requested") } },
  "mod queue": { actor: { kind: "moderator" }, options: {} },
  "mod approve": { actor: { kind: "moderator" }, options: { match: M("pending_review") } },
  "mod reject": { actor: { kind: "moderator" }, options: { match: M("pending_review"), reason: L("Not a good fit.") } },
  "mod round": { actor: { kind: "moderator" }, options: {} },
  "mod stats": { actor: { kind: "moderator" }, options: {} },
  "mod config": { actor: { kind: "moderator" }, options: { suggestions: L(5) } },
  "mod audit": { actor: { kind: "moderator" }, options: {} },
  "office-hours create": { actor: { kind: "pool", pool: "mentors", pick: 0 }, options: { topic: L("interviewing"), when: L("tomorrow 18:00"), duration: L(60), seats: L(5), description: L("Bring one question each.") } },
  "office-hours list": { actor: { kind: "pool", pool: "mentees", pick: 0 }, options: {} },
  "office-hours cancel": { actor: { kind: "moderator" }, options: { event: L("1") } },
  "office-hours attendance": { actor: { kind: "moderator" }, options: { event: L("1") } },
  "office-hours notices": { actor: { kind: "pool", pool: "mentees", pick: 1 }, options: { status: L("off") } },
  "resources add": { actor: { kind: "pool", pool: "mentors", pick: 1 }, options: { url: L("https://example.org/guide"), title: L("A guide"), topics: L("cv, interviewing"), note: L("Start here.") } },
  "resources find": { actor: { kind: "pool", pool: "mentees", pick: 2 }, options: { topic: L("cv") } },
  "resources list": { actor: { kind: "pool", pool: "mentees", pick: 2 }, options: {} },
  "resources remove": { actor: { kind: "moderator" }, options: { resource: L("1") } },
};

const SWEEP_NUMBERS: readonly unknown[] = [-1, 0, -0, 0.5, 1.5, 11, 2 ** 31, 2 ** 53, Number.NaN, Infinity, -Infinity, 1e308, "5", "#1", "", true];
const SWEEP_USERS: readonly unknown[] = [
  "<@123456789012345678>",
  "@everyone",
  123456789012345678, // eslint-disable-line no-loss-of-precision -- a snowflake sent as a JSON number, rounded as a client would
  {},
  { id: "abc", displayName: "x", bot: false },
  { id: "123456789012345678", displayName: "Bot", bot: true },
  { id: "1".repeat(21), displayName: "x", bot: false },
];

function sweepValues(def: OptionDef): unknown[] {
  if (def.type === ApplicationCommandOptionType.String && (def.choices === undefined || def.choices.length === 0)) {
    const max = def.max_length ?? 100;
    const atLimit = PATTERNS.flatMap((p) => [repeatTo(p, max), repeatTo(p, max + 1)]);
    const perTag = def.name === "topics" ? PATTERNS.map((p) => `${repeatTo(p, 40)}, cv`) : [];
    return [...HOSTILE_CONSTANTS, ...atLimit, ...perTag, 7, false];
  }
  if (def.type === ApplicationCommandOptionType.User) return [...SWEEP_USERS, "x"];
  if (def.type === ApplicationCommandOptionType.Boolean) return ["true", 1, 0, "", "yes"];
  if (def.choices !== undefined) return ["", "SENIOR", " senior", "senior\u200B", "constructor", 1, true];
  return [...SWEEP_NUMBERS];
}

/**
 * Every hostile constant, at-limit and over-limit value and wrongly typed value, in every option of
 * every subcommand, one option at a time with the rest valid; plus the same for modal fields.
 */
export function sweepRecipes(commandList: readonly CommandModule[]): Recipe[] {
  const out: Recipe[] = [];
  // Every declared form field, with the form's natural id and the member who would submit it.
  for (const command of commandList) {
    for (const entry of command.components) {
      if (entry.kind !== "modal") continue;
      const prefix = `${entry.command}:${entry.action}`;
      const moderator = command.accessOf(entry) === "moderator";
      const id: ValueRecipe = sweepId(entry.idShape, NATURAL_STATUS[prefix] ?? "requested");
      const actor: ActorRecipe = moderator ? { kind: "moderator" } : entry.idKind === "match" || entry.idKind === "pair" ? { kind: "match-mentor" } : { kind: "pool", pool: "mentees", pick: 5 };
      for (const name of entry.fieldNames) {
        const max = entry.fieldLimits[name]?.max ?? 100;
        const values = [...HOSTILE_CONSTANTS, ...PATTERNS.flatMap((p) => [repeatTo(p, max), repeatTo(p, max + 1)]), 7, false];
        for (const value of values) out.push({ kind: "modal", prefix, id, raw: null, where: "guild", actor, fields: [[name, L(value)]] });
      }
    }
  }
  // Profile saves last, each by a new member so that every stored result stays visible to the final
  // scan (and the guild only grows after the commands that load the whole community).
  const order = (name: string) => (name === "mentor" || name === "mentee" ? 1 : 0);
  for (const command of [...commandList].sort((a, b) => order(a.data.name) - order(b.data.name))) {
    const saves = command.data.name === "mentor" || command.data.name === "mentee";
    for (const sub of subcommandsOf(command)) {
      const base = VALID_BASE[`${command.data.name} ${sub.name}`] ?? generatedBase(command, sub);
      const make = (options: Record<string, ValueRecipe>): CommandRecipe => ({
        kind: "command",
        command: command.data.name,
        subcommand: sub.name,
        where: "guild",
        actor: saves && sub.name === "profile" ? { kind: "fresh" } : base.actor,
        options: Object.entries(options),
      });
      out.push(make(base.options));
      for (const def of sub.options) {
        for (const value of sweepValues(def)) out.push(make({ ...base.options, [def.name]: L(value) }));
      }
    }
  }
  return out;
}

/**
 * A valid input for a subcommand VALID_BASE does not list (a new one): its required options with
 * a plausible value from their declaration, run by a moderator or a participant as it needs.
 */
function generatedBase(command: CommandModule, sub: SubcommandDef): { actor: ActorRecipe; options: Record<string, ValueRecipe> } {
  const options: Record<string, ValueRecipe> = {};
  for (const def of sub.options) {
    if (def.required !== true) continue;
    if (def.name === "match") options[def.name] = M(NATURAL_STATUS[`${command.name} ${sub.name}`] ?? "active");
    else if (def.choices !== undefined && def.choices.length > 0) options[def.name] = L(def.choices[0]?.value);
    else if (def.type === ApplicationCommandOptionType.User) options[def.name] = MEMBER("everyone");
    else if (def.type === ApplicationCommandOptionType.Integer || def.type === ApplicationCommandOptionType.Number) options[def.name] = L(def.min_value ?? 1);
    else if (def.type === ApplicationCommandOptionType.Boolean) options[def.name] = L(true);
    else options[def.name] = L("A plain, valid piece of text.".slice(0, def.max_length ?? 100));
  }
  const moderator = command.accessOf(command.subcommand(sub.name) ?? { access: undefined }) === "moderator";
  const actor: ActorRecipe = moderator ? { kind: "moderator" } : "match" in options ? { kind: "match-mentee" } : { kind: "pool", pool: "everyone", pick: 0 };
  return { actor, options };
}
