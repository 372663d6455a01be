// Responders that keep the same state rules as discord.js, so a handler that would fail against
// Discord fails here too: exactly one initial response (reply, defer, update or showModal);
// editReply and followUp only after it; update only for buttons (and forms opened from one);
// no form in answer to a form; nothing but a modal response after showModal.
import type {
  AutocompleteChoice,
  AutocompleteResponder,
  MessageSpec,
  ModalSpec,
  Responder,
} from "../interaction/types.js";

export const ALREADY_REPLIED = "The reply to this interaction has already been sent or deferred.";
export const NOT_REPLIED = "The reply to this interaction has not been sent or deferred.";

/** Where a responder's messages go (the console session). */
export interface ResponderHost {
  /** Shows a new message; returns its id on the board. */
  post(message: MessageSpec, ephemeral: boolean, kind: "reply" | "followUp"): number;
  /** Replaces a message already shown (a button's update, or an edit of the reply). */
  replace(messageId: number, message: MessageSpec, kind: "update" | "edit"): void;
  showModal(modal: ModalSpec, sourceMessageId: number | null): void;
}

export interface ConsoleResponderOptions {
  /** The message the pressed button was on (a form opened from a button keeps it): enables update. */
  sourceMessageId: number | null;
  /** False when answering a form submission (Discord cannot answer a form with a form). */
  allowModal: boolean;
}

export class ConsoleResponder implements Responder {
  readonly #host: ResponderHost;
  readonly #options: ConsoleResponderOptions;
  #replied = false;
  #deferred = false;
  #deferEphemeral = false;
  #modalShown = false;
  /** The message holding the initial response, once there is one. */
  #original: number | null = null;

  constructor(host: ResponderHost, options: ConsoleResponderOptions) {
    this.#host = host;
    this.#options = options;
  }

  get replied(): boolean {
    return this.#replied;
  }

  get deferred(): boolean {
    return this.#deferred;
  }

  /** What Discord would show if the handler stopped here; null when it answered properly. */
  get missingAnswer(): string | null {
    if (!this.#replied && !this.#deferred) {
      return '(no response — Discord would show "The application did not respond")';
    }
    if (this.#deferred && this.#original === null && !this.#replied) {
      return '(deferred but never answered — Discord would show "thinking…" and then "The application did not respond")';
    }
    return null;
  }

  #assertNotAcknowledged(): void {
    if (this.#replied || this.#deferred) throw new Error(ALREADY_REPLIED);
  }

  #assertAcknowledged(what: string): void {
    if (!this.#replied && !this.#deferred) throw new Error(NOT_REPLIED);
    if (this.#modalShown) throw new Error(`Cannot ${what}: this interaction was answered with a form (modal).`);
  }

  async reply(message: MessageSpec): Promise<void> {
    this.#assertNotAcknowledged();
    this.#original = this.#host.post(message, message.ephemeral === true, "reply");
    this.#replied = true;
  }

  async defer(options: { ephemeral: boolean }): Promise<void> {
    this.#assertNotAcknowledged();
    this.#deferred = true;
    this.#deferEphemeral = options.ephemeral;
  }

  async editReply(message: MessageSpec): Promise<void> {
    this.#assertAcknowledged("edit the reply");
    if (this.#original === null) {
      // The first edit after defer() replaces "thinking…"; its visibility was chosen by defer().
      this.#original = this.#host.post(message, this.#deferEphemeral, "reply");
    } else {
      this.#host.replace(this.#original, message, "edit");
    }
    this.#replied = true;
  }

  async followUp(message: MessageSpec): Promise<void> {
    this.#assertAcknowledged("send a follow-up");
    if (this.#original === null) {
      // As in Discord: the first follow-up after defer() takes the deferred reply's place.
      this.#original = this.#host.post(message, this.#deferEphemeral, "reply");
    } else {
      this.#host.post(message, message.ephemeral === true, "followUp");
    }
    this.#replied = true;
  }

  async update(message: MessageSpec): Promise<void> {
    const source = this.#options.sourceMessageId;
    if (source === null) throw new Error("update() is only possible when answering a button (or a form opened from one).");
    this.#assertNotAcknowledged();
    this.#host.replace(source, message, "update");
    this.#original = source;
    this.#replied = true;
  }

  async showModal(modal: ModalSpec): Promise<void> {
    if (!this.#options.allowModal) throw new Error("A form (modal) cannot be shown in answer to a form submission.");
    this.#assertNotAcknowledged();
    this.#host.showModal(modal, this.#options.sourceMessageId);
    this.#modalShown = true;
    this.#replied = true;
  }
}

export class ConsoleAutocompleteResponder implements AutocompleteResponder {
  #choices: AutocompleteChoice[] | null = null;

  get choices(): AutocompleteChoice[] | null {
    return this.#choices;
  }

  async respond(choices: AutocompleteChoice[]): Promise<void> {
    if (this.#choices !== null) throw new Error(ALREADY_REPLIED);
    this.#choices = choices.map((c) => ({ name: c.name, value: c.value }));
  }
}
