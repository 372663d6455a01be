// What goes in a server channel when a member's DMs are closed. A channel is seen by others, so it
// carries no personal text at all (no names, headlines, request messages or notes): it mentions the
// member and tells them where to read what the bot wanted to send. Used by every transport.
import type { MessageSpec } from "./types.js";

export function dmFallbackNotice(userId: string): MessageSpec {
  return {
    content: `<@${userId}> I have a mentoring message for you, but your direct messages are closed. Allow DMs from this server's members (Privacy Settings), or use \`/match list\` to see your requests and matches.`,
  };
}
