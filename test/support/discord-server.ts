// A loopback stand-in for Discord's REST API. It records every request the real discord.js client
// sends and answers with plausible objects, so tests can assert on the exact wire format
// (callback types, flags, allowed_mentions, components) without reaching Discord.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { nextSnowflake } from "./discord-payloads.js";

export interface RecordedRequest {
  method: string;
  /** Decoded path without the query, e.g. "/api/v10/interactions/<id>/<token>/callback", ".../messages/@original". */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON (for multipart bodies, the parsed `payload_json` part); undefined when empty. */
  body: unknown;
  /** Files of a multipart body (attachments), in order. */
  files: { field: string; filename: string; contentType: string | null; data: Buffer }[];
  /** When it arrived (performance.now() of the test process). */
  at: number;
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
}

export type RouteHandler = (request: RecordedRequest, match: RegExpExecArray) => ScriptedResponse;

interface Route {
  method: string;
  pattern: RegExp;
  respond: RouteHandler;
  remaining: number;
}

export interface FakeDiscordServer {
  /** Pass as discord.js `rest.api` (or DISCORD_API_URL): "http://127.0.0.1:<port>/api". */
  apiUrl: string;
  /** The id the fake uses for the application and the bot user. */
  applicationId: string;
  /** Every request so far, oldest first. */
  requests: RecordedRequest[];
  /**
   * Scripts a response for requests whose method and path (after "/api/v10") match. Scripted routes
   * are tried newest first, before the defaults; `times` limits how often one applies (default: always).
   */
  on(method: string, path: string | RegExp, response: ScriptedResponse | RouteHandler, options?: { times?: number }): void;
  /** Scripts a Discord JSON error ({ code, message }) with the given HTTP status. */
  fail(method: string, path: string | RegExp, error: { status: number; code: number; message?: string }, options?: { times?: number }): void;
  /** Requests whose method matches and whose path (after "/api/v10") matches. */
  find(method: string, path: string | RegExp): RecordedRequest[];
  /** Forgets recorded requests and scripted routes. */
  reset(): void;
  close(): Promise<void>;
}

const API_PREFIX = "/api/v10";

function toPattern(path: string | RegExp): RegExp {
  if (path instanceof RegExp) return path;
  // A literal path; ":name" segments match any one segment.
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[a-zA-Z]+/g, "[^/]+");
  return new RegExp(`^${escaped}$`);
}

type RecordedFile = RecordedRequest["files"][number];

/** Splits a multipart body (binary-safe) into its JSON payload and its files. */
function parseMultipart(raw: Buffer, contentType: string): { body: unknown; files: RecordedFile[] } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  const out: { body: unknown; files: RecordedFile[] } = { body: undefined, files: [] };
  if (marker === undefined) return out;
  const delimiter = Buffer.from(`--${marker}`);
  let at = raw.indexOf(delimiter);
  while (at !== -1) {
    const next = raw.indexOf(delimiter, at + delimiter.length);
    if (next === -1) break;
    const part = raw.subarray(at + delimiter.length, next);
    at = next;
    const split = part.indexOf("\r\n\r\n");
    if (split === -1) continue;
    const head = part.subarray(0, split).toString("utf8");
    let content = part.subarray(split + 4);
    if (content.subarray(-2).toString() === "\r\n") content = content.subarray(0, -2);
    const field = /name="([^"]*)"/.exec(head)?.[1] ?? "";
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    if (field === "payload_json") out.body = JSON.parse(content.toString("utf8"));
    else if (filename !== undefined) out.files.push({ field, filename, contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? null, data: Buffer.from(content) });
  }
  return out;
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (contentType?.startsWith("multipart/form-data") === true) return parseMultipart(raw, contentType).body;
  const text = raw.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function now(): string {
  return new Date().toISOString();
}

/** A guild object as Discord sends it (REST GET /guilds/:id, or the gateway's GUILD_CREATE with `unavailable: false`). */
export function guildObject(id: string) {
  return {
    id,
    name: "Careers Community",
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: nextSnowflake(),
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      { id, name: "@everyone", color: 0, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: "104324673", managed: false, mentionable: false, flags: 0 },
    ],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: "en-US",
    public_updates_channel_id: null,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
  };
}

export async function startFakeDiscord(options: { applicationId?: string; guildId?: string } = {}): Promise<FakeDiscordServer> {
  const applicationId = options.applicationId ?? nextSnowflake();
  const requests: RecordedRequest[] = [];
  let scripted: Route[] = [];
  /** DM channel id → recipient id, so GET /channels/<dm> answers a DM channel. */
  const dmChannels = new Map<string, string>();
  const dmChannelByUser = new Map<string, string>();
  /** Threads created through the API, so GET /channels/<thread> answers a thread (pair posts). */
  const threads = new Map<string, Record<string, unknown>>();
  /** Guild scheduled events created through the API, so PATCH answers the event as changed. */
  const events = new Map<string, Record<string, unknown>>();

  const botUser = { id: applicationId, username: "mentor-bot", global_name: "Mentor Bot", discriminator: "0", avatar: null, bot: true };

  function user(id: string) {
    return { id, username: `user${id.slice(-4)}`, global_name: null, discriminator: "0", avatar: null };
  }

  function message(channelId: string, body: unknown, extra: Record<string, unknown> = {}) {
    const b = (body ?? {}) as Record<string, unknown>;
    return {
      id: nextSnowflake(),
      type: 0,
      channel_id: channelId,
      author: botUser,
      content: typeof b["content"] === "string" ? b["content"] : "",
      timestamp: now(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: Array.isArray(b["embeds"]) ? b["embeds"] : [],
      components: Array.isArray(b["components"]) ? b["components"] : [],
      pinned: false,
      flags: typeof b["flags"] === "number" ? b["flags"] : 0,
      ...extra,
    };
  }

  const defaults: { method: string; pattern: RegExp; respond: RouteHandler }[] = [
    // Interaction callbacks (reply, defer, update, modal, autocomplete): 204 unless with_response.
    { method: "POST", pattern: toPattern("/interactions/:id/:token/callback"), respond: () => ({ status: 204 }) },
    // Follow-ups (POST ?wait=true) and edits of the original or a follow-up.
    {
      method: "POST",
      pattern: /^\/webhooks\/(\d+)\/([^/]+)$/,
      respond: (req) => ({ status: 200, body: message(nextSnowflake(), req.body, { webhook_id: applicationId, application_id: applicationId }) }),
    },
    {
      method: "PATCH",
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      respond: (req) => ({ status: 200, body: message(nextSnowflake(), req.body, { webhook_id: applicationId, application_id: applicationId }) }),
    },
    {
      method: "GET",
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      respond: () => ({ status: 200, body: message(nextSnowflake(), {}, { webhook_id: applicationId, application_id: applicationId }) }),
    },
    { method: "DELETE", pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, respond: () => ({ status: 204 }) },
    // Opening a DM channel.
    {
      method: "POST",
      pattern: /^\/users\/@me\/channels$/,
      respond: (req) => {
        const recipientId = String((req.body as { recipient_id?: string } | undefined)?.recipient_id ?? "");
        const id = dmChannelByUser.get(recipientId) ?? nextSnowflake();
        dmChannels.set(id, recipientId);
        dmChannelByUser.set(recipientId, id);
        return { status: 200, body: { id, type: 1, last_message_id: null, flags: 0, recipients: [user(recipientId)] } };
      },
    },
    // Posting a message in any channel (DM, text channel, thread).
    { method: "POST", pattern: /^\/channels\/(\d+)\/messages$/, respond: (req, m) => ({ status: 200, body: message(m[1] ?? "", req.body) }) },
    // Reading a channel: DM channels opened above, otherwise a text channel in the default guild.
    {
      method: "GET",
      pattern: /^\/channels\/(\d+)$/,
      respond: (_req, m) => {
        const id = m[1] ?? "";
        const recipient = dmChannels.get(id);
        if (recipient !== undefined) return { status: 200, body: { id, type: 1, last_message_id: null, flags: 0, recipients: [user(recipient)] } };
        const thread = threads.get(id);
        if (thread !== undefined) return { status: 200, body: thread };
        return {
          status: 200,
          body: {
            id,
            type: 0,
            guild_id: options.guildId ?? nextSnowflake(),
            name: "mentoring",
            position: 0,
            permission_overwrites: [],
            nsfw: false,
            parent_id: null,
            topic: null,
            last_message_id: null,
            rate_limit_per_user: 0,
            flags: 0,
          },
        };
      },
    },
    // Creating a thread without a starter message.
    {
      method: "POST",
      pattern: /^\/channels\/(\d+)\/threads$/,
      respond: (req, m) => {
        const b = (req.body ?? {}) as Record<string, unknown>;
        const thread = {
          id: nextSnowflake(),
          type: typeof b["type"] === "number" ? b["type"] : 12,
          guild_id: options.guildId ?? nextSnowflake(),
          parent_id: m[1],
          name: b["name"],
          owner_id: applicationId,
          last_message_id: null,
          rate_limit_per_user: 0,
          message_count: 0,
          member_count: 1,
          total_message_sent: 0,
          flags: 0,
          thread_metadata: {
            archived: false,
            auto_archive_duration: b["auto_archive_duration"] ?? 4320,
            archive_timestamp: now(),
            locked: false,
            invitable: b["invitable"] ?? true,
            create_timestamp: now(),
          },
        };
        threads.set(thread.id, thread);
        return { status: 201, body: thread };
      },
    },
    { method: "PUT", pattern: /^\/channels\/(\d+)\/thread-members\/(\d+|@me)$/, respond: () => ({ status: 204 }) },
    // Guilds, members and roles.
    { method: "GET", pattern: /^\/guilds\/(\d+)$/, respond: (_req, m) => ({ status: 200, body: guildObject(m[1] ?? "") }) },
    {
      method: "GET",
      pattern: /^\/guilds\/(\d+)\/members\/(\d+)$/,
      respond: (_req, m) => ({
        status: 200,
        body: { user: user(m[2] ?? ""), nick: null, avatar: null, roles: [], joined_at: now(), premium_since: null, deaf: false, mute: false, flags: 0, pending: false },
      }),
    },
    { method: "PUT", pattern: /^\/guilds\/(\d+)\/members\/(\d+)\/roles\/(\d+)$/, respond: () => ({ status: 204 }) },
    // Guild scheduled events: created (201 with the event object, as documented) and edited.
    {
      method: "POST",
      pattern: /^\/guilds\/(\d+)\/scheduled-events$/,
      respond: (req, m) => {
        const b = (req.body ?? {}) as Record<string, unknown>;
        const event = {
          id: nextSnowflake(),
          guild_id: m[1],
          channel_id: b["channel_id"] ?? null,
          creator_id: applicationId,
          creator: botUser,
          name: b["name"],
          description: b["description"] ?? null,
          scheduled_start_time: b["scheduled_start_time"],
          scheduled_end_time: b["scheduled_end_time"] ?? null,
          privacy_level: b["privacy_level"],
          status: 1,
          entity_type: b["entity_type"],
          entity_id: null,
          entity_metadata: b["entity_metadata"] ?? null,
          user_count: 0,
          image: null,
        };
        events.set(event.id, event);
        return { status: 200, body: event };
      },
    },
    {
      method: "PATCH",
      pattern: /^\/guilds\/(\d+)\/scheduled-events\/(\d+)$/,
      respond: (req, m) => {
        const event = events.get(m[2] ?? "");
        if (event === undefined) return { status: 404, body: { code: 10070, message: "Unknown Guild Scheduled Event" } };
        Object.assign(event, req.body ?? {});
        return { status: 200, body: event };
      },
    },
    // Command registration (deploy-commands): echo the commands back with ids.
    {
      method: "PUT",
      pattern: /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/,
      respond: (req, m) => ({
        status: 200,
        body: (Array.isArray(req.body) ? req.body : []).map((c: Record<string, unknown>) => ({
          ...c,
          id: nextSnowflake(),
          application_id: m[1],
          ...(m[2] === undefined ? {} : { guild_id: m[2] }),
          version: nextSnowflake(),
          default_member_permissions: c["default_member_permissions"] ?? null,
          type: c["type"] ?? 1,
        })),
      }),
    },
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const at = performance.now();
    const raw = Buffer.concat(chunks);
    const contentType = req.headers["content-type"];
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      body: parseBody(raw, contentType),
      files: contentType?.startsWith("multipart/form-data") === true ? parseMultipart(raw, contentType).files : [],
      at,
    };
    requests.push(recorded);

    const route = recorded.path.startsWith(API_PREFIX) ? recorded.path.slice(API_PREFIX.length) : recorded.path;
    let response: ScriptedResponse = { status: 404, body: { code: 0, message: "404: Not Found" } };
    const custom = scripted.find((r) => r.method === recorded.method && r.remaining > 0 && r.pattern.test(route));
    if (custom !== undefined) {
      custom.remaining -= 1;
      response = custom.respond(recorded, custom.pattern.exec(route) as RegExpExecArray);
    } else {
      for (const d of defaults) {
        const match = d.method === recorded.method ? d.pattern.exec(route) : null;
        if (match !== null) {
          response = d.respond(recorded, match);
          break;
        }
      }
    }
    if (response.body === undefined) {
      res.writeHead(response.status).end();
    } else {
      res.writeHead(response.status, { "content-type": "application/json" }).end(JSON.stringify(response.body));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ code: 0, message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeDiscordServer = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    applicationId,
    requests,
    on(method, path, response, opts = {}) {
      const respond: RouteHandler = typeof response === "function" ? response : () => response;
      scripted.unshift({ method: method.toUpperCase(), pattern: toPattern(path), respond, remaining: opts.times ?? Number.POSITIVE_INFINITY });
    },
    fail(method, path, error, opts = {}) {
      fake.on(method, path, { status: error.status, body: { code: error.code, message: error.message ?? `Error ${error.code}` } }, opts);
    },
    find(method, path) {
      const pattern = toPattern(path);
      return requests.filter((r) => {
        const route = r.path.startsWith(API_PREFIX) ? r.path.slice(API_PREFIX.length) : r.path;
        return r.method === method.toUpperCase() && pattern.test(route);
      });
    },
    reset() {
      requests.length = 0;
      scripted = [];
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      });
    },
  };
  return fake;
}
