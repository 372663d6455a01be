// The console's line parser. Lines look like what a member types in Discord:
//
//   /mentor profile industry:fintech stage:senior topics:"interviewing, cv" capacity:2
//   /match request mentor:@bob message:"Hi \"Bob\"!"
//
// The command, its subcommand (group) and the option types come from the command's registration
// JSON, and the same things Discord's client refuses to send are refused here: an unknown
// command, subcommand or option, a missing required option, a value of the wrong type (integer,
// number, boolean, user...) or outside an option's fixed choices. Nothing else is checked: values
// reach the handlers, which validate them themselves, exactly as they do behind Discord.
//
// `@name` stands for a member; unknown names are created on the spot (as `/as name` would), which
// is friendlier in a sandbox than refusing. Roles are written `@&name` and channels `#name` (or
// their ids); they too get stable fake ids on first use.
//
// Console-only meta commands (see META_HELP): /as, /press, /form, /clock, /complete, /help, /quit.
// When the bot has a command with one of these names, the bot's command wins and the console's
// stays reachable as /console-<name> (e.g. /console-help).
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CommandModule } from "../interaction/command.js";
import type { OptionValue } from "../interaction/types.js";
import type { NameResolver } from "./directory.js";

/** Discord's application command option types (the numbers in the registration JSON). */
export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

/** The parts of an option's registration JSON the console reads. */
export interface OptionJson {
  type: number;
  name: string;
  description?: string;
  required?: boolean;
  choices?: readonly { name: string; value: string | number }[];
  autocomplete?: boolean;
  options?: readonly OptionJson[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
}

export class ParseError extends Error {
  override name = "ParseError";
}

// ---------------------------------------------------------------------------------------------
// Tokens

export interface Token {
  /** `name` in `name:value` (only when the colon comes before any quote), else null. */
  key: string | null;
  value: string;
  /** The token as written, minus quotes and escapes (`key:value` when keyed). */
  text: string;
}

const KEY_PATTERN = /^[\w-]+$/;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", n: "\n", t: "\t" };

/**
 * Splits a line at spaces. `"..."` quotes a value (spaces allowed) with escapes `\"`, `\\`, `\n`
 * and `\t`; quotes may follow `name:` (`about:"two words"`) or `@` (`@"Mary Jane"`).
 */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line.charAt(i))) i++;
    if (i >= line.length) break;
    let key: string | null = null;
    let buf = "";
    let quoted = false;
    while (i < line.length && !/\s/.test(line.charAt(i))) {
      const ch = line.charAt(i);
      if (ch === '"') {
        const start = i;
        i++;
        let closed = false;
        while (i < line.length) {
          const c = line.charAt(i);
          if (c === "\\" && i + 1 < line.length) {
            const next = line.charAt(i + 1);
            buf += ESCAPES[next] ?? `\\${next}`;
            i += 2;
          } else if (c === '"') {
            closed = true;
            i++;
            break;
          } else {
            buf += c;
            i++;
          }
        }
        if (!closed) throw new ParseError(`unclosed quote starting at column ${start + 1}`);
        quoted = true;
      } else if (ch === ":" && key === null && !quoted && KEY_PATTERN.test(buf)) {
        key = buf;
        buf = "";
        i++;
      } else {
        buf += ch;
        i++;
      }
    }
    tokens.push({ key, value: buf, text: key === null ? buf : `${key}:${buf}` });
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Results

export interface ParsedCommand {
  commandName: string;
  subcommandGroup: string | null;
  subcommand: string | null;
  options: Record<string, OptionValue>;
}

export type ParsedLine =
  | { kind: "blank" }
  | { kind: "as"; name: string; mod: boolean | null; roles: string[]; dmsOpen: boolean | null }
  | { kind: "press"; token: string }
  | { kind: "form"; token: string; fields: Record<string, string> }
  | { kind: "clock"; ms: number | null; text: string }
  | { kind: "complete"; command: ParsedCommand; focused: { name: string; value: string } }
  | { kind: "help"; topic: string | null }
  | { kind: "quit" }
  | { kind: "command"; command: ParsedCommand }
  | { kind: "error"; message: string };

/**
 * The `subcommand` a context carries: the subcommand's name, or "group subcommand" for a
 * subcommand inside a group (the contract has a single field).
 */
export function contextSubcommand(command: ParsedCommand): string | null {
  if (command.subcommand === null) return null;
  return command.subcommandGroup === null ? command.subcommand : `${command.subcommandGroup} ${command.subcommand}`;
}

export const META_COMMANDS = ["as", "press", "form", "clock", "complete", "help", "quit", "exit"] as const;
export type MetaCommand = (typeof META_COMMANDS)[number];

function isMeta(name: string): name is MetaCommand {
  return (META_COMMANDS as readonly string[]).includes(name);
}

/** Which meta command `/name` is, given the bot's own command names (those win). */
export function metaCommandFor(name: string, commandNames: ReadonlySet<string>): MetaCommand | null {
  if (name.startsWith("console-")) {
    const rest = name.slice("console-".length);
    return isMeta(rest) ? rest : null;
  }
  return isMeta(name) && !commandNames.has(name) ? name : null;
}

// ---------------------------------------------------------------------------------------------
// Registration JSON helpers

export function topOptions(command: CommandModule): readonly OptionJson[] {
  return command.data.options ?? [];
}

export function isSubcommandLike(option: OptionJson): boolean {
  return option.type === OptionType.Subcommand || option.type === OptionType.SubcommandGroup;
}

export function typeName(type: number): string {
  switch (type) {
    case OptionType.String:
      return "text";
    case OptionType.Integer:
      return "integer";
    case OptionType.Boolean:
      return "true|false";
    case OptionType.User:
      return "@user";
    case OptionType.Channel:
      return "#channel";
    case OptionType.Role:
      return "@&role";
    case OptionType.Mentionable:
      return "@user|@&role";
    case OptionType.Number:
      return "number";
    case OptionType.Attachment:
      return "file path";
    default:
      return `type ${type}`;
  }
}

function list(names: readonly string[]): string {
  return names.length === 0 ? "(none)" : names.join(", ");
}

interface Resolved {
  command: CommandModule;
  group: string | null;
  subcommand: string | null;
  /** The options of the leaf (the subcommand, or the command itself). */
  leaf: readonly OptionJson[];
  /** "/mentor profile", for messages. */
  path: string;
  rest: Token[];
}

function resolveCommand(tokens: Token[], commands: readonly CommandModule[]): Resolved {
  const first = tokens[0];
  if (first === undefined) throw new ParseError("empty command");
  const name = first.text.slice(1);
  const command = commands.find((c) => c.data.name === name);
  if (command === undefined) {
    const known = commands.map((c) => `/${c.data.name}`);
    throw new ParseError(`unknown command /${name} — commands: ${list(known)} (see /help)`);
  }
  let path = `/${name}`;
  let options = topOptions(command);
  let rest = tokens.slice(1);
  let group: string | null = null;
  let subcommand: string | null = null;
  for (let depth = 0; depth < 2 && options.some(isSubcommandLike); depth++) {
    const choices = options.filter(isSubcommandLike).map((o) => o.name);
    const next = rest[0];
    if (next === undefined || next.key !== null) {
      throw new ParseError(`${path} needs a subcommand: ${list(choices)}`);
    }
    const chosen = options.find((o) => isSubcommandLike(o) && o.name === next.value);
    if (chosen === undefined) {
      throw new ParseError(`unknown subcommand "${next.text}" for ${path} — subcommands: ${list(choices)}`);
    }
    path += ` ${chosen.name}`;
    rest = rest.slice(1);
    if (chosen.type === OptionType.SubcommandGroup) group = chosen.name;
    else subcommand = chosen.name;
    options = chosen.options ?? [];
    if (chosen.type === OptionType.Subcommand) break;
  }
  if (group !== null && subcommand === null) {
    throw new ParseError(`${path} needs a subcommand: ${list(options.map((o) => o.name))}`);
  }
  return { command, group, subcommand, leaf: options, path, rest };
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const TRUE = new Set(["true", "yes"]);
const FALSE = new Set(["false", "no"]);

type Pending = { option: string; userName: string };

function convert(option: OptionJson, raw: string, pending: Pending[], resolver: NameResolver): OptionValue {
  const name = `\`${option.name}\``;
  if (raw === "" && option.type !== OptionType.String) {
    throw new ParseError(`option ${name} needs a value (${typeName(option.type)})`);
  }
  let value: OptionValue;
  switch (option.type) {
    case OptionType.String:
      if (raw.trim() === "") throw new ParseError(`option ${name} needs a value (Discord does not send empty text)`);
      value = raw;
      break;
    case OptionType.Integer: {
      const n = Number(raw);
      if (!INTEGER.test(raw) || !Number.isSafeInteger(n)) {
        throw new ParseError(`option ${name} must be an integer, got "${raw}"`);
      }
      value = n;
      break;
    }
    case OptionType.Number: {
      const n = Number(raw);
      if (!NUMBER.test(raw) || !Number.isFinite(n)) throw new ParseError(`option ${name} must be a number, got "${raw}"`);
      value = n;
      break;
    }
    case OptionType.Boolean: {
      const lower = raw.toLowerCase();
      if (TRUE.has(lower)) value = true;
      else if (FALSE.has(lower)) value = false;
      else throw new ParseError(`option ${name} must be true or false (or yes/no), got "${raw}"`);
      break;
    }
    case OptionType.User:
      if (!raw.startsWith("@") || raw.startsWith("@&") || raw.length < 2) {
        throw new ParseError(`option ${name} must be a member, written @name, got "${raw}"`);
      }
      pending.push({ option: option.name, userName: raw.slice(1) });
      value = "";
      break;
    case OptionType.Mentionable:
      if (raw.startsWith("@&") && raw.length > 2) value = resolver.role(raw.slice(2));
      else if (raw.startsWith("@") && raw.length > 1) {
        pending.push({ option: option.name, userName: raw.slice(1) });
        value = "";
      } else throw new ParseError(`option ${name} must be @name or @&role, got "${raw}"`);
      break;
    case OptionType.Role:
      if (raw.startsWith("@&") && raw.length > 2) value = resolver.role(raw.slice(2));
      else if (/^\d{17,20}$/.test(raw)) value = raw;
      else throw new ParseError(`option ${name} must be a role, written @&name or a role id, got "${raw}"`);
      break;
    case OptionType.Channel:
      if (raw.startsWith("#") && raw.length > 1) value = resolver.channel(raw.slice(1));
      else if (/^\d{17,20}$/.test(raw)) value = raw;
      else throw new ParseError(`option ${name} must be a channel, written #name or a channel id, got "${raw}"`);
      break;
    case OptionType.Attachment:
      // A local file stands for the upload: file:./signups.csv, or just the path.
      if (raw.trim() === "") throw new ParseError(`option ${name} is a file: give its path, e.g. ${name}:./signups.csv`);
      value = raw.startsWith("file://") ? raw : pathToFileURL(path.resolve(raw.replace(/^file:/, ""))).href;
      break;
    default:
      throw new ParseError(`option ${name} has a type (${option.type}) the console does not support`);
  }
  if (option.choices !== undefined && option.choices.length > 0 && (typeof value === "string" || typeof value === "number")) {
    const allowed = option.choices.map((c) => c.value);
    if (!allowed.includes(value)) {
      throw new ParseError(`option ${name} must be one of: ${list(allowed.map(String))} — got "${raw}"`);
    }
  }
  return value;
}

function parseCommandTokens(
  tokens: Token[],
  commands: readonly CommandModule[],
  resolver: NameResolver,
  mode: "execute" | "complete",
): { command: ParsedCommand; focused: { name: string; value: string } | null } {
  const resolved = resolveCommand(tokens, commands);
  const { leaf, path, rest } = resolved;
  const optionNames = leaf.map((o) => o.name);
  const options: Record<string, OptionValue> = {};
  const pending: Pending[] = [];
  const lastKeyed = mode === "complete" ? rest.at(-1) : undefined;
  let focused: { name: string; value: string } | null = null;
  for (const token of rest) {
    if (token.key === null) {
      throw new ParseError(
        `unexpected "${token.text}" — write options as name:value (options of ${path}: ${list(optionNames)})`,
      );
    }
    const option = leaf.find((o) => o.name === token.key);
    if (option === undefined || isSubcommandLike(option)) {
      throw new ParseError(`unknown option \`${token.key}\` for ${path} — options: ${list(optionNames)}`);
    }
    if (Object.hasOwn(options, option.name)) throw new ParseError(`option \`${option.name}\` is given twice`);
    if (token === lastKeyed) {
      if (option.autocomplete !== true) {
        throw new ParseError(`option \`${option.name}\` of ${path} has no autocomplete`);
      }
      focused = { name: option.name, value: token.value };
      options[option.name] = token.value;
      continue;
    }
    options[option.name] = convert(option, token.value, pending, resolver);
  }
  if (mode === "execute") {
    const missing = leaf.filter((o) => o.required === true && !Object.hasOwn(options, o.name));
    const first = missing[0];
    if (first !== undefined) {
      const names = missing.map((o) => `\`${o.name}\``).join(", ");
      throw new ParseError(
        `missing required option${missing.length > 1 ? "s" : ""} ${names} for ${path} (e.g. ${first.name}:<${typeName(first.type)}>)`,
      );
    }
  } else if (focused === null) {
    throw new ParseError(`say which option to complete, e.g. /complete ${path} name:partial`);
  }
  for (const p of pending) options[p.option] = resolver.user(p.userName);
  return {
    command: {
      commandName: resolved.command.data.name,
      subcommandGroup: resolved.group,
      subcommand: resolved.subcommand,
      options,
    },
    focused,
  };
}

// ---------------------------------------------------------------------------------------------
// Meta commands

const DURATION_PART = /(\d+(?:\.\d+)?)([wdhms])/g;
const UNIT_MS: Readonly<Record<string, number>> = {
  w: 7 * 24 * 3_600_000,
  d: 24 * 3_600_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
};

/** "+7d", "+3h", "+1d12h", "90m" → milliseconds; null when not a forward duration. */
export function parseDuration(text: string): number | null {
  const body = text.startsWith("+") ? text.slice(1) : text;
  if (!/^(\d+(?:\.\d+)?[wdhms])+$/.test(body)) return null;
  let ms = 0;
  for (const match of body.matchAll(DURATION_PART)) ms += Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? 0);
  return Math.round(ms);
}

function positional(tokens: Token[], meta: string): string[] {
  return tokens.map((t) => {
    if (t.key !== null) throw new ParseError(`/${meta} takes no name:value options (got "${t.text}")`);
    return t.value;
  });
}

function parseAs(args: Token[]): ParsedLine {
  let name: string | null = null;
  let mod: boolean | null = null;
  let dmsOpen: boolean | null = null;
  const roles: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (token === undefined) break;
    const text = token.text;
    if (text === "--mod") mod = true;
    else if (text === "--no-mod") mod = false;
    else if (text === "--dms-closed") dmsOpen = false;
    else if (text === "--dms-open") dmsOpen = true;
    else if (text === "--role") {
      const role = args[i + 1];
      if (role === undefined) throw new ParseError("--role needs a role name or id, e.g. /as alice --role mentors");
      roles.push(role.text.replace(/^@&/, ""));
      i++;
    } else if (text.startsWith("--")) {
      throw new ParseError(`unknown flag ${text} for /as — flags: --mod, --no-mod, --role <role>, --dms-closed, --dms-open`);
    } else if (name === null) {
      name = text.replace(/^@/, "");
    } else {
      throw new ParseError(`/as takes one name (got "${name}" and "${text}"); quote names with spaces`);
    }
  }
  if (name === null || name.trim() === "") throw new ParseError("/as needs a name, e.g. /as alice (add --mod for a moderator)");
  return { kind: "as", name: name.trim(), mod, roles, dmsOpen };
}

function parseMeta(meta: MetaCommand, args: Token[], rawRest: string, commands: readonly CommandModule[], resolver: NameResolver): ParsedLine {
  switch (meta) {
    case "as":
      return parseAs(args);
    case "press": {
      const values = positional(args, "press");
      if (values.length !== 1 || values[0] === undefined) {
        throw new ParseError("/press takes one button token, e.g. /press accept-12");
      }
      return { kind: "press", token: values[0] };
    }
    case "form": {
      const [tokenArg, ...fieldArgs] = args;
      if (tokenArg === undefined || tokenArg.key !== null) {
        throw new ParseError('/form needs the form\'s token first, e.g. /form decline-12 reason:"..."');
      }
      const fields: Record<string, string> = {};
      for (const field of fieldArgs) {
        if (field.key === null) throw new ParseError(`unexpected "${field.text}" — write form fields as field:value`);
        if (Object.hasOwn(fields, field.key)) throw new ParseError(`field \`${field.key}\` is given twice`);
        fields[field.key] = field.value;
      }
      return { kind: "form", token: tokenArg.value, fields };
    }
    case "clock": {
      const values = positional(args, "clock");
      if (values.length === 0) return { kind: "clock", ms: null, text: "" };
      const text = values.join("");
      const ms = parseDuration(text);
      if (ms === null || values.length > 1) {
        throw new ParseError(`/clock takes a forward duration like +7d, +3h, +1d12h or +30m (got "${values.join(" ")}")`);
      }
      return { kind: "clock", ms, text };
    }
    case "complete": {
      const inner = tokenize(rawRest);
      if (inner[0] === undefined || !inner[0].text.startsWith("/") || inner[0].key !== null) {
        throw new ParseError("/complete takes a command line, e.g. /complete /mentor profile industry:fin");
      }
      const { command, focused } = parseCommandTokens(inner, commands, resolver, "complete");
      if (focused === null) throw new ParseError("/complete needs an option to complete");
      return { kind: "complete", command, focused };
    }
    case "help": {
      const values = positional(args, "help");
      if (values.length > 1) throw new ParseError("/help takes at most one command name");
      return { kind: "help", topic: values[0]?.replace(/^\//, "") ?? null };
    }
    case "quit":
    case "exit":
      if (args.length > 0) throw new ParseError(`/${meta} takes no arguments`);
      return { kind: "quit" };
  }
}

export interface ParseOptions {
  /** Resolves @user, @&role and #channel (the console's Directory). */
  resolver: NameResolver;
}

/**
 * Parses one line. Blank lines and `#` comments give `blank`; anything the Discord client would
 * refuse to send gives `error` with a message naming the problem (usually the option).
 */
export function parseLine(line: string, commands: readonly CommandModule[], options: ParseOptions): ParsedLine {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return { kind: "blank" };
  try {
    if (!trimmed.startsWith("/")) {
      throw new ParseError('commands start with "/" (e.g. /as alice, /help)');
    }
    const nameMatch = /^\/(\S*)/.exec(trimmed);
    const name = nameMatch?.[1] ?? "";
    if (name === "") throw new ParseError('a command name must follow "/" (see /help)');
    const commandNames = new Set(commands.map((c) => c.data.name));
    const meta = metaCommandFor(name, commandNames);
    if (meta === "complete") {
      return parseMeta(meta, [], trimmed.slice(name.length + 1), commands, options.resolver);
    }
    const tokens = tokenize(trimmed);
    if (meta !== null) return parseMeta(meta, tokens.slice(1), "", commands, options.resolver);
    const first = tokens[0];
    if (first === undefined || first.key !== null) throw new ParseError(`unknown command ${trimmed.split(/\s/)[0] ?? ""}`);
    const { command } = parseCommandTokens(tokens, commands, options.resolver, "execute");
    return { kind: "command", command };
  } catch (error) {
    if (error instanceof ParseError) return { kind: "error", message: error.message };
    throw error;
  }
}
