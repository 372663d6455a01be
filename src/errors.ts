// Error kinds shared by every layer. A UserError is an expected failure the member can act on; its
// message is shown to them as is (ephemerally). Anything else is treated as a bug or an outage.

export class UserError extends Error {
  override name = "UserError";
}

/** A second open match for the same mentor–mentee pair (refused by a unique index). */
export class DuplicateOpenMatchError extends UserError {
  override name = "DuplicateOpenMatchError";
  constructor() {
    super("You already have an open match or request with this mentor.");
  }
}

/** The record was changed by someone else first (double click, two moderators at once). */
export class AlreadyHandledError extends UserError {
  override name = "AlreadyHandledError";
}
