// What the console has shown so far: every message with buttons (where it is, who can see it) and
// every open form, each reachable by a short token typed after /press or /form.
//
// A button's token comes from its custom id "<command>:<action>:<id>": `match:accept:12` →
// `accept-12`; a member's id inside the id becomes their name (`match:request:<bob's id>` →
// `request-bob`), and other ids longer than 24 characters are cut to 8. The same custom id always gets the same token, so scripts can rely on it; when two
// different custom ids would get the same token, the later one gets a suffix (`accept-12.2`).
import { splitCustomId } from "../interaction/components.js";
import type { ButtonSpec, MessageSpec, ModalSpec } from "../interaction/types.js";

export type Place =
  | { kind: "channel"; guildId: string; channelId: string }
  | { kind: "thread"; guildId: string; threadId: string; memberIds: readonly string[] }
  | { kind: "dm"; userId: string };

export interface ShownMessage {
  id: number;
  place: Place;
  ephemeral: boolean;
  /** For an ephemeral message: the one member who can see it. */
  viewerId: string | null;
  message: MessageSpec;
}

export interface OpenForm {
  token: string;
  modal: ModalSpec;
  /** The member it was shown to; only they can submit it. */
  userId: string;
  place: Place;
  /** The message whose button opened the form (a submit may update it), if any. */
  sourceMessageId: number | null;
}

export type ButtonLookup =
  | { ok: true; message: ShownMessage; button: ButtonSpec }
  | { ok: false; reason: "unknown" }
  | { ok: false; reason: "gone"; label: string }
  | { ok: false; reason: "disabled"; label: string }
  | { ok: false; reason: "hidden"; label: string; seenBy: string[] };

/** The user ids who can see a message (null = everyone in the server). */
export function audience(message: ShownMessage): string[] | null {
  if (message.ephemeral && message.viewerId !== null) return [message.viewerId];
  if (message.place.kind === "dm") return [message.place.userId];
  return null;
}

/** Names a snowflake inside a custom id (a member's id → their name), or null to keep it. */
export type IdNamer = (id: string) => string | null;

function baseToken(customId: string, nameId: IdNamer): string {
  const parsed = splitCustomId(customId);
  if (parsed !== null) {
    const named = parsed.id.replace(/\d{17,20}/g, (id) => {
      const name = nameId(id);
      return name === null ? id : name.toLowerCase().replace(/[^\w-]+/g, "-");
    });
    const id = named.length > 24 ? named.slice(0, 8) : named;
    return `${parsed.action}-${id}`;
  }
  const slug = customId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 24);
  return slug === "" ? "item" : slug;
}

class TokenTable {
  readonly #byKey = new Map<string, string>();
  readonly #byToken = new Map<string, string>();
  readonly #nameId: IdNamer;

  constructor(nameId: IdNamer) {
    this.#nameId = nameId;
  }

  tokenFor(customId: string): string {
    const existing = this.#byKey.get(customId);
    if (existing !== undefined) return existing;
    const base = baseToken(customId, this.#nameId);
    let token = base;
    for (let n = 2; this.#byToken.has(token); n++) token = `${base}.${n}`;
    this.#byKey.set(customId, token);
    this.#byToken.set(token, customId);
    return token;
  }

  customIdFor(token: string): string | undefined {
    return this.#byToken.get(token) ?? (this.#byKey.has(token) ? token : undefined);
  }
}

export class MessageBoard {
  readonly #messages = new Map<number, ShownMessage>();
  #nextId = 1;
  readonly #buttons: TokenTable;
  readonly #formTokens: TokenTable;
  readonly #forms = new Map<string, OpenForm>();

  /** `nameId` lets tokens say `request-bob` instead of `request-891296786918117048`. */
  constructor(nameId: IdNamer = () => null) {
    this.#buttons = new TokenTable(nameId);
    this.#formTokens = new TokenTable(nameId);
  }

  /** The token typed after /press for this custom id. */
  buttonToken(customId: string): string {
    return this.#buttons.tokenFor(customId);
  }

  post(place: Place, message: MessageSpec, options: { ephemeral: boolean; viewerId: string | null }): ShownMessage {
    const shown: ShownMessage = {
      id: this.#nextId++,
      place,
      ephemeral: options.ephemeral,
      viewerId: options.ephemeral ? options.viewerId : null,
      message,
    };
    this.#messages.set(shown.id, shown);
    for (const row of message.buttons ?? []) for (const b of row) this.buttonToken(b.customId);
    return shown;
  }

  /** Replaces a message's content and buttons (an update or an edit); keeps where it is. */
  replace(id: number, message: MessageSpec): ShownMessage {
    const current = this.#messages.get(id);
    if (current === undefined) throw new Error(`no message #${id}`);
    const next: ShownMessage = { ...current, message };
    this.#messages.set(id, next);
    for (const row of message.buttons ?? []) for (const b of row) this.buttonToken(b.customId);
    return next;
  }

  get(id: number): ShownMessage | undefined {
    return this.#messages.get(id);
  }

  /**
   * The newest message carrying the button `tokenOrCustomId` that `userId` can see and press.
   * Explains why not otherwise (unknown token, button gone, disabled, or only others see it).
   */
  findButton(tokenOrCustomId: string, userId: string): ButtonLookup {
    const customId = this.#buttons.customIdFor(tokenOrCustomId);
    if (customId === undefined) return { ok: false, reason: "unknown" };
    let label: string | null = null;
    let disabled = false;
    const seenBy = new Set<string>();
    const newestFirst = [...this.#messages.values()].reverse();
    for (const shown of newestFirst) {
      const button = (shown.message.buttons ?? []).flat().find((b) => b.customId === customId);
      if (button === undefined) continue;
      label ??= button.label;
      const viewers = audience(shown);
      if (viewers !== null && !viewers.includes(userId)) {
        for (const v of viewers) seenBy.add(v);
        continue;
      }
      if (button.disabled === true) {
        disabled = true;
        continue;
      }
      return { ok: true, message: shown, button };
    }
    if (label === null) return { ok: false, reason: "gone", label: tokenOrCustomId };
    if (disabled) return { ok: false, reason: "disabled", label };
    return { ok: false, reason: "hidden", label, seenBy: [...seenBy] };
  }

  /** Tokens of the buttons `userId` can press right now, newest first (for hints). */
  pressable(userId: string): string[] {
    const out: string[] = [];
    for (const shown of [...this.#messages.values()].reverse()) {
      const viewers = audience(shown);
      if (viewers !== null && !viewers.includes(userId)) continue;
      for (const b of (shown.message.buttons ?? []).flat()) {
        const token = this.buttonToken(b.customId);
        if (b.disabled !== true && !out.includes(token)) out.push(token);
      }
    }
    return out;
  }

  openForm(modal: ModalSpec, userId: string, place: Place, sourceMessageId: number | null): OpenForm {
    const token = this.#formTokens.tokenFor(modal.customId);
    const form: OpenForm = { token, modal, userId, place, sourceMessageId };
    this.#forms.set(token, form);
    return form;
  }

  findForm(tokenOrCustomId: string): OpenForm | undefined {
    const customId = this.#formTokens.customIdFor(tokenOrCustomId);
    if (customId === undefined) return undefined;
    return this.#forms.get(this.#formTokens.tokenFor(customId));
  }

  closeForm(token: string): void {
    this.#forms.delete(token);
  }

  openForms(userId: string): string[] {
    return [...this.#forms.values()].filter((f) => f.userId === userId).map((f) => f.token);
  }
}
