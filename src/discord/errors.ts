// Recognises the Discord API failures the bot reacts to on purpose, and logs the rest with enough
// context for an operator (code, status, route) but never the request body or token.
import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from "discord.js";
import type { Logger } from "../logger.js";

export const DiscordErrorCode = {
  UnknownChannel: RESTJSONErrorCodes.UnknownChannel, // 10003
  UnknownGuild: RESTJSONErrorCodes.UnknownGuild, // 10004
  UnknownMember: RESTJSONErrorCodes.UnknownMember, // 10007
  UnknownRole: RESTJSONErrorCodes.UnknownRole, // 10011
  UnknownWebhook: RESTJSONErrorCodes.UnknownWebhook, // 10015: interaction token older than 15 minutes
  UnknownInteraction: RESTJSONErrorCodes.UnknownInteraction, // 10062: not answered within 3 seconds
  AlreadyAcknowledged: RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, // 40060
  MissingAccess: RESTJSONErrorCodes.MissingAccess, // 50001
  CannotSendMessagesToThisUser: RESTJSONErrorCodes.CannotSendMessagesToThisUser, // 50007
  MissingPermissions: RESTJSONErrorCodes.MissingPermissions, // 50013
  NoMutualGuilds: RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds, // 50278
} as const;

/** The numeric JSON error code of a Discord API error, or null for anything else. */
export function discordErrorCode(error: unknown): number | null {
  if (error instanceof DiscordAPIError && typeof error.code === "number") return error.code;
  return null;
}

export function hasDiscordErrorCode(error: unknown, ...codes: readonly number[]): boolean {
  const code = discordErrorCode(error);
  return code !== null && codes.includes(code);
}

/** The member closed DMs from server members, blocked the bot, or shares no server with it. */
export function isDmClosed(error: unknown): boolean {
  return hasDiscordErrorCode(error, DiscordErrorCode.CannotSendMessagesToThisUser, DiscordErrorCode.NoMutualGuilds);
}

/** The bot lacks a permission or cannot see the channel (50001, 50013). */
export function isMissingPermission(error: unknown): boolean {
  return hasDiscordErrorCode(error, DiscordErrorCode.MissingAccess, DiscordErrorCode.MissingPermissions);
}

export function isUnknownChannel(error: unknown): boolean {
  return hasDiscordErrorCode(error, DiscordErrorCode.UnknownChannel);
}

/**
 * The interaction can no longer be answered: its 3-second window passed (10062), its 15-minute
 * token expired (10015), or another process already answered it (40060). Nothing we send will arrive.
 */
export function isInteractionGone(error: unknown): boolean {
  return hasDiscordErrorCode(
    error,
    DiscordErrorCode.UnknownInteraction,
    DiscordErrorCode.UnknownWebhook,
    DiscordErrorCode.AlreadyAcknowledged,
  );
}

/** Discord is overloaded or limiting us: worth retrying later, not a bug in our request. */
export function isTransientDiscordError(error: unknown): boolean {
  if (error instanceof RateLimitError) return true;
  if (error instanceof HTTPError) return error.status >= 500 || error.status === 429;
  if (error instanceof DiscordAPIError) return error.status >= 500 || error.status === 429;
  return false;
}

/** Loggable fields of a Discord failure: code, status, method and route, never the body. */
export function describeDiscordError(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError) {
    return {
      discordCode: error.code,
      status: error.status,
      method: error.method,
      route: routeOf(error.url),
      reason: "message" in error.rawError ? error.rawError.message : error.rawError.error,
    };
  }
  if (error instanceof RateLimitError) {
    return { status: 429, method: error.method, route: error.route, retryAfterMs: error.retryAfter, global: error.global };
  }
  if (error instanceof HTTPError) {
    return { status: error.status, method: error.method, route: routeOf(error.url) };
  }
  if (error instanceof Error) return { error: error.name, reason: error.message };
  return { error: String(error) };
}

/** The path of a request URL with interaction and webhook tokens cut out. */
function routeOf(url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    pathname = url;
  }
  return pathname
    .replace(/(\/interactions\/\d+\/)[^/]+/, "$1:token")
    .replace(/(\/webhooks\/\d+\/)[^/]+/, "$1:token");
}

/** One log line for a Discord failure at the level its kind deserves. */
export function logDiscordError(logger: Logger, error: unknown, context: Record<string, unknown>, msg: string): void {
  const fields = { ...context, ...describeDiscordError(error) };
  if (isTransientDiscordError(error)) logger.warn(fields, `${msg} (Discord unavailable or rate limited)`);
  else if (isInteractionGone(error)) logger.warn(fields, `${msg} (interaction expired or already answered)`);
  else if (isDmClosed(error)) logger.info(fields, `${msg} (member does not accept DMs from the bot)`);
  else if (isMissingPermission(error)) logger.warn(fields, `${msg} (bot lacks a permission)`);
  else if (error instanceof DiscordAPIError) logger.warn(fields, msg);
  else logger.error({ ...context, err: error }, msg);
}
