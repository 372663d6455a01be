// The console's Responder. Which calls are allowed, and what each one does, is decided by the
// shared ResponseState (src/interaction/responder-state.ts), the same state machine the discord.js
// responder and the tests' recorder use; this class only decides where the messages are shown.
import { ResponseState, type AnsweredKind } from "../interaction/responder-state.js";
import type { AutocompleteChoice, AutocompleteResponder, MessageSpec, ModalSpec, Responder } from "../interaction/types.js";

export { ALREADY_REPLIED, NOT_REPLIED } from "../interaction/responder-state.js";

/** Where a responder's messages go (the console session). */
export interface ResponderHost {
  /** Shows a new message; returns its id on the board. */
  post(message: MessageSpec, ephemeral: boolean, kind: "reply" | "followUp"): number;
  /** Replaces a message already shown (a button's update, or an edit of the reply). */
  replace(messageId: number, message: MessageSpec, kind: "update" | "edit"): void;
  showModal(modal: ModalSpec, sourceMessageId: number | null): void;
}

export interface ConsoleResponderOptions {
  kind: AnsweredKind;
  /** The message the pressed button was on (a form opened from a button keeps it): update replaces it. */
  sourceMessageId: number | null;
}

export class ConsoleResponder implements Responder {
  readonly #host: ResponderHost;
  readonly #state: ResponseState;
  readonly #source: number | null;
  #deferEphemeral = false;
  /** The message holding the answer, once there is one. */
  #original: number | null = null;

  constructor(host: ResponderHost, options: ConsoleResponderOptions) {
    this.#host = host;
    this.#state = new ResponseState(options.kind);
    this.#source = options.sourceMessageId;
  }

  get replied(): boolean {
    return this.#state.replied;
  }

  get deferred(): boolean {
    return this.#state.deferred;
  }

  /** What Discord would show if the handler stopped here; null when it answered properly. */
  get missingAnswer(): string | null {
    return this.#state.missingAnswer;
  }

  async reply(message: MessageSpec): Promise<void> {
    this.#state.apply("reply");
    this.#original = this.#host.post(message, message.ephemeral === true, "reply");
  }

  async defer(options: { ephemeral: boolean }): Promise<void> {
    this.#state.apply("defer");
    this.#deferEphemeral = options.ephemeral;
  }

  async editReply(message: MessageSpec): Promise<void> {
    this.#show(this.#state.apply("editReply"), message);
  }

  async followUp(message: MessageSpec): Promise<void> {
    this.#show(this.#state.apply("followUp"), message);
  }

  async update(message: MessageSpec): Promise<void> {
    this.#state.apply("update");
    if (this.#source === null) throw new Error("update() needs the message the button was on.");
    this.#host.replace(this.#source, message, "update");
    this.#original = this.#source;
  }

  async showModal(modal: ModalSpec): Promise<void> {
    this.#state.apply("showModal");
    this.#host.showModal(modal, this.#source);
  }

  #show(effect: "initial" | "fill" | "edit" | "new", message: MessageSpec): void {
    if (effect === "fill" || this.#original === null) {
      // The first edit or follow-up after defer() replaces "thinking…"; defer() chose its visibility.
      this.#original = this.#host.post(message, this.#deferEphemeral, "reply");
    } else if (effect === "edit") {
      this.#host.replace(this.#original, message, "edit");
    } else {
      this.#host.post(message, message.ephemeral === true, "followUp");
    }
  }
}

export class ConsoleAutocompleteResponder implements AutocompleteResponder {
  #choices: AutocompleteChoice[] | null = null;

  get choices(): AutocompleteChoice[] | null {
    return this.#choices;
  }

  async respond(choices: AutocompleteChoice[]): Promise<void> {
    if (this.#choices !== null) throw new Error("The reply to this interaction has already been sent or deferred.");
    this.#choices = choices.map((c) => ({ name: c.name, value: c.value }));
  }
}
