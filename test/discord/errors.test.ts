import { DiscordAPIError, HTTPError } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  describeDiscordError,
  discordErrorCode,
  isDmClosed,
  isInteractionGone,
  isMissingPermission,
  isTransientDiscordError,
  isUnknownChannel,
} from "../../src/discord/errors.js";

function apiError(code: number, status: number, url = "https://discord.com/api/v10/channels/1/messages"): DiscordAPIError {
  return new DiscordAPIError({ code, message: `error ${code}` }, code, status, "POST", url, { body: { content: "private text" }, files: undefined });
}

describe("Discord error recognition", () => {
  it("given each code the bot reacts to then exactly the matching helper says so", () => {
    expect(isDmClosed(apiError(50007, 403))).toBe(true);
    expect(isDmClosed(apiError(50278, 403))).toBe(true);
    expect(isMissingPermission(apiError(50001, 403))).toBe(true);
    expect(isMissingPermission(apiError(50013, 403))).toBe(true);
    expect(isUnknownChannel(apiError(10003, 404))).toBe(true);
    expect(isInteractionGone(apiError(10062, 404))).toBe(true);
    expect(isInteractionGone(apiError(10015, 404))).toBe(true);
    expect(isInteractionGone(apiError(40060, 400))).toBe(true);
    expect(isDmClosed(apiError(50013, 403))).toBe(false);
    expect(isInteractionGone(new Error("10062"))).toBe(false);
    expect(discordErrorCode("nope")).toBeNull();
  });

  it("given server errors and rate limits then they count as transient", () => {
    expect(isTransientDiscordError(new HTTPError(502, "Bad Gateway", "GET", "https://discord.com/api/v10/x", { body: undefined, files: undefined }))).toBe(true);
    expect(isTransientDiscordError(apiError(0, 503))).toBe(true);
    expect(isTransientDiscordError(apiError(50013, 403))).toBe(false);
  });

  it("given an interaction callback error then the description hides the token and the request body", () => {
    const error = apiError(10062, 404, "https://discord.com/api/v10/interactions/123/aW50ZXJhY3Rpb246c2VjcmV0/callback?with_response=false");
    const described = describeDiscordError(error);
    expect(described).toEqual({ discordCode: 10062, status: 404, method: "POST", route: "/api/v10/interactions/123/:token/callback", reason: "error 10062" });
    expect(JSON.stringify(described)).not.toContain("private text");
  });
});
