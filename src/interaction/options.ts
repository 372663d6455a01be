// Slash-command options, declared once. Each `opt.*` call gives the option's registration JSON,
// its zod schema and its TypeScript type; a subcommand's handler receives validated arguments whose
// type is derived from the declarations (see command.ts). Names come from the keys of the options
// record, in registration order.
//
//   { capacity: opt.integer("How many mentees at once (1–10)", { min: 1, max: 10 }) }
//     → JSON  { type: 4, name: "capacity", description: "…", min_value: 1, max_value: 10 }
//     → args.capacity: number | undefined, a whole number in range
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type ChannelType,
} from "discord.js";
import { z } from "zod";
import type { EnumDef } from "../domain/enums.js";
import type { Deps } from "./command.js";
import { UserError } from "../errors.js";
import { describeZodError } from "./errors.js";
import type { AutocompleteChoice, OptionValue } from "./types.js";
import { decimal, futureDate, integer, matchId, snowflake, text, userValue } from "./values.js";

/** What a schema may need at parse time (dates are "in the future" by the injected clock). */
export interface ParseEnv {
  now(): Date;
}

/** An autocomplete source for one option: the choices for what the member has typed so far. */
export type Completer = (query: {
  typed: string;
  guildId: string;
  deps: Deps;
  /** The other options filled in so far. */
  options: Readonly<Record<string, OptionValue>>;
}) => Promise<AutocompleteChoice[]>;

/** An option's registration JSON without its name (the key it is declared under). */
interface Json {
  type: ApplicationCommandOptionType;
  description: string;
  [field: string]: unknown;
}

interface OptionSpec<T> {
  /** Registration JSON without the name, keys in Discord's documented order. */
  json: Json;
  schema(env: ParseEnv): z.ZodType<T>;
  /** What kind of value this is, for generated inputs (fuzzing) and the console's help. */
  kind: OptionKind;
  complete?: Completer | undefined;
}

export type OptionKind = "text" | "integer" | "number" | "boolean" | "choice" | "user" | "role" | "channel" | "match" | "date" | "attachment";

/** One declared option. `R` is whether Discord requires it (then the argument is never undefined). */
export class Opt<T, R extends boolean = false> {
  readonly #spec: OptionSpec<T>;
  readonly isRequired: R;

  constructor(spec: OptionSpec<T>, required: R) {
    this.#spec = spec;
    this.isRequired = required;
  }

  get kind(): OptionKind {
    return this.#spec.kind;
  }

  get description(): string {
    return this.#spec.json.description;
  }

  /** The autocomplete source, when the option has one. */
  get completer(): Completer | undefined {
    return this.#spec.complete;
  }

  /** Discord refuses to send the command without it. */
  required(): Opt<T, true> {
    return new Opt(this.#spec, true);
  }

  /** Further validation or conversion of the value (e.g. a comma-separated list into tags). */
  pipe<U>(schema: z.ZodType<U, T>): Opt<U, R> {
    const base = this.#spec;
    return new Opt<U, R>({ ...base, schema: (env) => base.schema(env).pipe(schema) }, this.isRequired);
  }

  /** Offers choices while the member types (the JSON gets `autocomplete: true`). */
  autocomplete(complete: Completer): Opt<T, R> {
    const { type, description, ...rest } = this.#spec.json;
    return new Opt<T, R>({ ...this.#spec, json: { type, description, autocomplete: true, ...rest }, complete }, this.isRequired);
  }

  json(name: string): APIApplicationCommandBasicOption {
    const { type, description, ...rest } = this.#spec.json;
    return { type, name, description, ...(this.isRequired ? { required: true } : {}), ...rest } as APIApplicationCommandBasicOption;
  }

  schema(env: ParseEnv): z.ZodType<T> {
    return this.#spec.schema(env);
  }
}

/** Any declared option (for code that handles options without knowing their types). */
export type AnyOpt = Opt<unknown, boolean>;
export type OptionsDecl = Readonly<Record<string, AnyOpt>>;

/** The handler's argument type: each option's value, `undefined` when optional and not given. */
export type ArgsOf<O extends OptionsDecl> = {
  readonly [K in keyof O]: O[K] extends Opt<infer T, infer R> ? (R extends true ? T : T | undefined) : never;
};

const T = ApplicationCommandOptionType;

const attachmentUrl = z
  .string({ error: "must be an uploaded file" })
  .max(4096, "must be an uploaded file")
  .refine((v) => URL.canParse(v) && ["https:", "http:", "file:"].includes(new URL(v).protocol), "must be an uploaded file");

function make<T>(json: Json, kind: OptionKind, schema: (env: ParseEnv) => z.ZodType<T>): Opt<T, false> {
  return new Opt<T, false>({ json, kind, schema }, false);
}

export const opt = {
  /** Free text, cleaned of invisible and control characters; `multiline` keeps line breaks. */
  text(description: string, limits: { max: number; min?: number; multiline?: boolean }): Opt<string> {
    const { max, ...rest } = limits;
    return make({ type: T.String, description, max_length: max }, "text", () => text(max, rest));
  },
  integer(description: string, limits: { min: number; max: number }): Opt<number> {
    return make({ type: T.Integer, description, min_value: limits.min, max_value: limits.max }, "integer", () => integer(limits.min, limits.max));
  },
  number(description: string, limits: { min: number; max: number }): Opt<number> {
    return make({ type: T.Number, description, min_value: limits.min, max_value: limits.max }, "number", () => decimal(limits.min, limits.max));
  },
  boolean(description: string): Opt<boolean> {
    return make({ type: T.Boolean, description }, "boolean", () => z.boolean({ error: "must be true or false" }));
  },
  /** One of an enum's values, offered as Discord choices. */
  choice<V extends string>(values: EnumDef<V>, description: string): Opt<V> {
    return make({ type: T.String, description, choices: values.choices.map((c) => ({ ...c })) }, "choice", () => values.schema);
  },
  user(description: string): Opt<z.output<typeof userValue>> {
    return make({ type: T.User, description }, "user", () => userValue);
  },
  role(description: string): Opt<string> {
    return make({ type: T.Role, description }, "role", () => snowflake);
  },
  channel(description: string, types: readonly ChannelType[]): Opt<string> {
    return make({ type: T.Channel, description, channel_types: [...types] }, "channel", () => snowflake);
  },
  /** A match number ("12" or "#12" from the console), required. */
  match(description = "Match number, as shown in /match list or /mod queue"): Opt<number, true> {
    return new Opt<number, true>(
      { json: { type: T.Integer, description, min_value: 1 }, kind: "match", schema: () => matchId },
      true,
    );
  },
  /**
   * An uploaded file (type 11). Its value is the file's URL (Discord's CDN; a file: URL in the
   * console); the handler downloads it with Deps.fetchAttachment, which checks size and type.
   */
  attachment(description: string): Opt<string> {
    return make({ type: T.Attachment, description }, "attachment", () => attachmentUrl);
  },
  /** A date YYYY-MM-DD in the future, at most `maxDays` ahead. */
  date(description: string, limits: { maxDays: number }): Opt<Date> {
    return make({ type: T.String, description, max_length: 10 }, "date", (env) => futureDate(() => env.now(), limits.maxDays));
  },
} as const;

/**
 * Validates the options of one interaction against their declarations: an option the command does
 * not declare, a missing required one or a bad value is a UserError naming the option.
 */
export function parseArgs<O extends OptionsDecl>(declared: O, given: Readonly<Record<string, OptionValue>>, env: ParseEnv, path: string): ArgsOf<O> {
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(declared, name)) throw new UserError(`Option \`${name}\`: ${path} has no such option.`);
  }
  const args: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(declared)) {
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined) {
      if (decl.isRequired) throw new UserError(`Option \`${name}\`: is required.`);
      args[name] = undefined;
      continue;
    }
    const parsed = decl.schema(env).safeParse(value);
    if (!parsed.success) throw new UserError(describeZodError(parsed.error, "Option", name));
    args[name] = parsed.data;
  }
  return args as ArgsOf<O>;
}
