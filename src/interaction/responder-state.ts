// The rules of answering one interaction, as Discord and discord.js apply them. Every Responder
// (discord.js, the console, the tests' recorder) runs its calls through one ResponseState first, so
// a handler that would fail against Discord fails the same way everywhere.
//
// - Exactly one initial response: reply, defer, update or showModal. A second one throws.
// - editReply and followUp need an initial response first. After defer(), the first editReply or
//   followUp fills the deferred "thinking…" message (Discord's behaviour); later ones edit it or
//   post new messages.
// - update() replaces the message the component was on; so it is only possible for a button, or a
//   form submitted from a button (a form opened by a slash command has no message to replace). It is
//   an initial response: after update(), editReply edits that same message.
// - showModal() is only possible for a command or a button, never in answer to a form, and nothing
//   but the form's own submission can follow it (no edit, no follow-up).

export const ALREADY_REPLIED = "The reply to this interaction has already been sent or deferred.";
export const NOT_REPLIED = "The reply to this interaction has not been sent or deferred.";

/** What is being answered: decides whether update() and showModal() are possible. */
export type AnsweredKind = "command" | "button" | "modal" | "modal-from-button";

export type ResponseCall = "reply" | "defer" | "editReply" | "followUp" | "update" | "showModal";

export class ResponseState {
  readonly kind: AnsweredKind;
  #initial: "reply" | "defer" | "update" | "showModal" | null = null;
  /** Whether the deferred message has been filled in (by editReply or the first followUp). */
  #filled = false;

  constructor(kind: AnsweredKind) {
    this.kind = kind;
  }

  /** discord.js's `replied`: an answer (or form) has been sent. */
  get replied(): boolean {
    return this.#initial === "reply" || this.#initial === "update" || this.#initial === "showModal" || this.#filled;
  }

  /** discord.js's `deferred`. */
  get deferred(): boolean {
    return this.#initial === "defer";
  }

  /** Set once the interaction has its initial response. */
  get initial(): "reply" | "defer" | "update" | "showModal" | null {
    return this.#initial;
  }

  /** Null when the member saw an answer; otherwise what Discord would show instead. */
  get missingAnswer(): string | null {
    if (this.#initial === null) return '(no response — Discord would show "The application did not respond")';
    if (this.#initial === "defer" && !this.#filled) {
      return '(deferred but never answered — Discord would show "thinking…" and then "The application did not respond")';
    }
    return null;
  }

  /**
   * Checks a call and records it. Returns what it does: "initial" (the first response), "fill"
   * (fills the deferred message), "edit" (edits the message already shown) or "new" (a further
   * message). Throws, changing nothing, when Discord would refuse the call.
   */
  apply(call: ResponseCall): "initial" | "fill" | "edit" | "new" {
    switch (call) {
      case "reply":
      case "defer":
        this.#assertFirst();
        this.#initial = call;
        return "initial";
      case "update":
        if (this.kind !== "button" && this.kind !== "modal-from-button") {
          throw new Error("update() is only possible when answering a button (or a form opened from one).");
        }
        this.#assertFirst();
        this.#initial = "update";
        return "initial";
      case "showModal":
        if (this.kind === "modal" || this.kind === "modal-from-button") {
          throw new Error("A form (modal) cannot be shown in answer to a form submission.");
        }
        this.#assertFirst();
        this.#initial = "showModal";
        return "initial";
      case "editReply":
      case "followUp": {
        if (this.#initial === null) throw new Error(NOT_REPLIED);
        if (this.#initial === "showModal") {
          throw new Error(`Cannot ${call === "editReply" ? "edit the reply" : "send a follow-up"}: this interaction was answered with a form (modal).`);
        }
        if (this.#initial === "defer" && !this.#filled) {
          this.#filled = true;
          return "fill";
        }
        return call === "editReply" ? "edit" : "new";
      }
    }
  }

  #assertFirst(): void {
    if (this.#initial !== null) throw new Error(ALREADY_REPLIED);
  }
}
