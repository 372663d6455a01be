// Buttons and forms (modals), declared once per command in a typed table. Each entry builds its own
// custom id ("<command>:<action>:<id>") and parses it back; the router finds the entry from the
// custom id and calls it, so a handler never sees a raw custom id or an unchecked id.
//
//   export const matchUi = components("match", {
//     buttons: { accept: button({ id: ids.match, where: "anywhere", run: async ({ id, res }) => … }) },
//     modals: { "request-form": modal({ id: ids.user, title: "Request this mentor", fields: { message: field.paragraph(…) }, run: … }) },
//   });
//   matchUi.buttons.accept.spec(match.id, { label: "Accept", style: "success" })  → a ButtonSpec
import { UserError } from "../errors.js";
import type { Access, Deps, Place, ScopeOf } from "./command.js";
import { describeZodError } from "./errors.js";
import type { ButtonSpec, ButtonStyle, ComponentInteractionContext, ModalFieldSpec, ModalInteractionContext, ModalSpec, Responder } from "./types.js";
import { optionalText, text } from "./values.js";

// ── Ids carried in custom ids ───────────────────────────────────────────────────────────────────

export type IdKind = "match" | "user" | "int" | "pair";

/** What an id is made of, for code that generates ids without knowing their type (the fuzzer). */
export type IdShape =
  | { readonly kind: "match" }
  | { readonly kind: "user" }
  | { readonly kind: "int"; readonly min: number; readonly max: number }
  | { readonly kind: "pair"; readonly parts: readonly [IdShape, IdShape] };

/** How a button's id is written into its custom id and read back (null: not one of ours). */
export interface IdCodec<I> {
  readonly kind: IdKind;
  readonly shape: IdShape;
  encode(id: I): string;
  decode(raw: string): I | null;
}

const MAX_INT = 2_147_483_647;

function intCodec(kind: "match" | "int", min: number, max: number): IdCodec<number> {
  return {
    kind,
    shape: kind === "match" ? { kind } : { kind, min, max },
    encode: (id) => String(id),
    decode: (raw) => {
      if (!/^\d{1,10}$/.test(raw)) return null;
      const n = Number(raw);
      return n >= min && n <= max ? n : null;
    },
  };
}

export const ids = {
  /** A match number. */
  match: intCodec("match", 1, MAX_INT),
  /** A Discord user id (the member a button is about, or the only one allowed to press it). */
  user: {
    kind: "user",
    shape: { kind: "user" },
    encode: (id: string) => id,
    decode: (raw: string) => (/^\d{17,20}$/.test(raw) ? raw : null),
  } satisfies IdCodec<string>,
  /** A whole number in a range (a page, an entry id). */
  int: (min: number, max: number): IdCodec<number> => intCodec("int", min, max),
  /** Two ids in one, written "a-b" (e.g. a match and a page of its notes). */
  pair<A, B>(first: IdCodec<A>, second: IdCodec<B>): IdCodec<readonly [A, B]> {
    return {
      kind: "pair",
      shape: { kind: "pair", parts: [first.shape, second.shape] },
      encode: ([a, b]) => `${first.encode(a)}-${second.encode(b)}`,
      decode: (raw) => {
        const parts = raw.split("-");
        if (parts.length !== 2) return null;
        const a = first.decode(parts[0] ?? "");
        const b = second.decode(parts[1] ?? "");
        return a === null || b === null ? null : [a, b];
      },
    };
  },
} as const;

const CUSTOM_ID_MAX = 100;
const CUSTOM_ID = /^([a-z][a-z-]*):([a-z][a-z-]*):([\w.-]{1,80})$/;

/** Splits "<command>:<action>:<id>"; null for anything else. */
export function splitCustomId(value: string): { command: string; action: string; id: string } | null {
  const match = CUSTOM_ID.exec(value);
  if (match === null) return null;
  return { command: match[1] ?? "", action: match[2] ?? "", id: match[3] ?? "" };
}

function buildCustomId(command: string, action: string, id: string): string {
  const value = `${command}:${action}:${id}`;
  if (value.length > CUSTOM_ID_MAX || splitCustomId(value) === null) throw new Error(`bad custom id: ${value}`);
  return value;
}

// ── Form fields ─────────────────────────────────────────────────────────────────────────────────

interface FieldLimits {
  max: number;
  min?: number;
  placeholder?: string;
}

/** One text field of a form. `R`: the member must fill it in (then the value is never undefined). */
export class Field<R extends boolean = false> {
  constructor(
    readonly label: string,
    readonly style: "short" | "paragraph",
    readonly limits: FieldLimits,
    readonly isRequired: R,
  ) {}

  required(): Field<true> {
    return new Field(this.label, this.style, this.limits, true);
  }

  spec(name: string, value?: string): ModalFieldSpec {
    return {
      customId: name,
      label: this.label,
      style: this.style,
      required: this.isRequired,
      ...(this.isRequired ? { minLength: this.limits.min ?? 1 } : {}),
      maxLength: this.limits.max,
      ...(this.limits.placeholder === undefined ? {} : { placeholder: this.limits.placeholder }),
      ...(value === undefined ? {} : { value }),
    };
  }

  parse(value: string | undefined, name: string): string | undefined {
    const multiline = this.style === "paragraph";
    const schema = this.isRequired ? text(this.limits.max, { multiline, min: this.limits.min ?? 1 }) : optionalText(this.limits.max, { multiline });
    if (this.isRequired && value === undefined) throw new UserError(`Field \`${name}\`: is required.`);
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new UserError(describeZodError(parsed.error, "Field", name));
    return parsed.data;
  }
}

export const field = {
  short: (label: string, limits: FieldLimits): Field => new Field(label, "short", limits, false),
  paragraph: (label: string, limits: FieldLimits): Field => new Field(label, "paragraph", limits, false),
} as const;

export type FieldsDecl = Readonly<Record<string, Field<boolean>>>;
export type FieldsOf<F extends FieldsDecl> = {
  readonly [K in keyof F]: F[K] extends Field<infer R> ? (R extends true ? string : string | undefined) : never;
};

// ── Declarations ────────────────────────────────────────────────────────────────────────────────

export type ButtonCall<I, P extends Place> = {
  ctx: ComponentInteractionContext;
  id: I;
  res: Responder;
  deps: Deps;
} & ScopeOf<P>;

export type ModalCall<I, F extends FieldsDecl, P extends Place> = {
  ctx: ModalInteractionContext;
  id: I;
  fields: FieldsOf<F>;
  res: Responder;
  deps: Deps;
} & ScopeOf<P>;

interface ComponentOptions<P extends Place> {
  /** "guild" (default): only inside a server; "anywhere": also on a DM the bot sent. */
  where?: P;
  /** Defaults to the command's access. */
  access?: Access;
}

export interface ButtonDecl<I, P extends Place> extends ComponentOptions<P> {
  id: IdCodec<I>;
  run(call: ButtonCall<I, P>): Promise<void>;
}

// Method syntax keeps the parameter bivariant, so a table can hold entries of different id types.
type TitleOf<I> = { title(id: I): string }["title"];

export interface ModalDecl<I, F extends FieldsDecl, P extends Place> extends ComponentOptions<P> {
  id: IdCodec<I>;
  /** Fixed, or from the id (e.g. "Reject match #12"). */
  title: string | TitleOf<I>;
  fields: F;
  run(call: ModalCall<I, F, P>): Promise<void>;
}

// NoInfer: a button without `where` is a guild button; the table's type must not widen it.
export function button<I, P extends Place = "guild">(decl: ButtonDecl<I, P>): ButtonDecl<I, NoInfer<P>> {
  return decl;
}

export function modal<I, F extends FieldsDecl, P extends Place = "guild">(decl: ModalDecl<I, F, P>): ModalDecl<I, F, NoInfer<P>> {
  return decl;
}

/** What the router needs to run any component, whatever its id and field types. */
export interface ComponentEntry {
  readonly kind: "button" | "modal";
  readonly command: string;
  readonly action: string;
  readonly idKind: IdKind;
  readonly idShape: IdShape;
  readonly where: Place;
  readonly access: Access | undefined;
  /** Form fields by name (modals only). */
  readonly fieldNames: readonly string[];
  readonly fieldLimits: Readonly<Record<string, { max: number; required: boolean }>>;
  /** Decodes the id part and runs the handler; false when the id is not one this entry makes. */
  dispatch(input: DispatchInput): Promise<boolean>;
}

export interface DispatchInput {
  rawId: string;
  ctx: ComponentInteractionContext | ModalInteractionContext;
  res: Responder;
  deps: Deps;
  scope: { guildId: string | null; settings: ScopeOf<"guild">["settings"] | null };
}

export interface BoundButton<I> extends ComponentEntry {
  readonly kind: "button";
  customId(id: I): string;
  spec(id: I, look: { label: string; style: ButtonStyle; disabled?: boolean }): ButtonSpec;
  /** The id in one of this button's custom ids, or null. */
  idOf(customId: string): I | null;
}

export interface BoundModal<I, F extends FieldsDecl> extends ComponentEntry {
  readonly kind: "modal";
  readonly fields: F;
  customId(id: I): string;
  /** The form to show (`res.showModal(...)`), optionally pre-filled. */
  open(id: I, values?: Partial<Record<keyof F & string, string>>): ModalSpec;
  idOf(customId: string): I | null;
}

type BindButtons<B> = { readonly [K in keyof B]: B[K] extends ButtonDecl<infer I, Place> ? BoundButton<I> : never };
type BindModals<M> = { readonly [K in keyof M]: M[K] extends ModalDecl<infer I, infer F, Place> ? BoundModal<I, F> : never };

export interface Components<B, M> {
  readonly command: string;
  readonly buttons: BindButtons<B>;
  readonly modals: BindModals<M>;
  /** Every entry, for the router, the fuzzer, the permission matrix and the console. */
  readonly entries: readonly ComponentEntry[];
}

function scopeFor<P extends Place>(where: P, scope: DispatchInput["scope"]): ScopeOf<P> {
  if (where === "guild") {
    if (scope.guildId === null || scope.settings === null) throw new UserError("This only works inside a server.");
    return { guildId: scope.guildId, settings: scope.settings } as ScopeOf<P>;
  }
  return { guildId: scope.guildId } as ScopeOf<P>;
}

/** What buttons and forms share: where they route, who may use them, and their custom id both ways. */
function bindCommon<I, P extends Place>(command: string, action: string, decl: ComponentOptions<P> & { id: IdCodec<I> }) {
  return {
    command,
    action,
    idKind: decl.id.kind,
    idShape: decl.id.shape,
    where: decl.where ?? ("guild" as P),
    access: decl.access,
    customId: (id: I) => buildCustomId(command, action, decl.id.encode(id)),
    idOf: (customId: string): I | null => {
      const parts = splitCustomId(customId);
      return parts === null || parts.command !== command || parts.action !== action ? null : decl.id.decode(parts.id);
    },
  };
}

function bindButton<I, P extends Place>(command: string, action: string, decl: ButtonDecl<I, P>): BoundButton<I> {
  const common = bindCommon(command, action, decl);
  const where = common.where;
  return {
    ...common,
    kind: "button",
    fieldNames: [],
    fieldLimits: {},
    spec: (id, look) => ({ customId: common.customId(id), ...look }),
    async dispatch({ rawId, ctx, res, deps, scope }) {
      const id = decl.id.decode(rawId);
      if (id === null || ctx.kind !== "button") return false;
      await decl.run({ ctx, id, res, deps, ...scopeFor(where, scope) });
      return true;
    },
  };
}

function bindModal<I, F extends FieldsDecl, P extends Place>(command: string, action: string, decl: ModalDecl<I, F, P>): BoundModal<I, F> {
  const common = bindCommon(command, action, decl);
  const where = common.where;
  const names = Object.keys(decl.fields);
  return {
    ...common,
    kind: "modal",
    fields: decl.fields,
    fieldNames: names,
    fieldLimits: Object.fromEntries(names.map((n) => [n, { max: decl.fields[n]?.limits.max ?? 0, required: decl.fields[n]?.isRequired ?? false }])),
    open: (id, values = {}) => ({
      customId: common.customId(id),
      title: typeof decl.title === "string" ? decl.title : decl.title(id),
      fields: names.map((name) => {
        const f = decl.fields[name];
        if (f === undefined) throw new Error(`field ${name} vanished`);
        return f.spec(name, (values as Record<string, string | undefined>)[name]);
      }),
    }),
    async dispatch({ rawId, ctx, res, deps, scope }) {
      const id = decl.id.decode(rawId);
      if (id === null || ctx.kind !== "modal") return false;
      for (const name of Object.keys(ctx.fields)) {
        if (!Object.hasOwn(decl.fields, name)) throw new UserError(`Field \`${name}\`: this form has no such field.`);
      }
      const fields: Record<string, string | undefined> = {};
      for (const name of names) {
        const value = Object.hasOwn(ctx.fields, name) ? ctx.fields[name] : undefined;
        fields[name] = decl.fields[name]?.parse(value, name);
      }
      await decl.run({ ctx, id, fields: fields as FieldsOf<F>, res, deps, ...scopeFor(where, scope) });
      return true;
    },
  };
}

/** Binds a command's buttons and forms to their custom ids "<command>:<key>:<id>". */
export function components<
  B extends Readonly<Record<string, ButtonDecl<unknown, Place>>> = Record<never, never>,
  M extends Readonly<Record<string, ModalDecl<unknown, FieldsDecl, Place>>> = Record<never, never>,
>(command: string, tables: { buttons?: B; modals?: M }): Components<B, M> {
  const buttons: Record<string, BoundButton<unknown>> = {};
  const modals: Record<string, BoundModal<unknown, FieldsDecl>> = {};
  for (const [action, decl] of Object.entries(tables.buttons ?? {})) buttons[action] = bindButton(command, action, decl);
  for (const [action, decl] of Object.entries(tables.modals ?? {})) modals[action] = bindModal(command, action, decl);
  return {
    command,
    buttons: buttons as BindButtons<B>,
    modals: modals as BindModals<M>,
    entries: [...Object.values(buttons), ...Object.values(modals)],
  };
}
