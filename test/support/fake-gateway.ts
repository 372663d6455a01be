// A minimal loopback stand-in for Discord's gateway (WebSocket, JSON encoding, no compression),
// enough for discord.js 14 / @discordjs/ws to log in and receive dispatches:
//   connect → HELLO (op 10) → client IDENTIFY (op 2) → READY (op 0, s 1) [→ GUILD_CREATE per guild]
//   client HEARTBEAT (op 1) → HEARTBEAT_ACK (op 11)
//   client RESUME (op 6) → INVALID_SESSION (op 9, d false): this fake keeps no history to replay.
// discord.js asks for `GET /gateway/bot` first; answer it with `gatewayBot()` from the fake REST:
//
//   const gateway = await startFakeGateway({ botUser, applicationId });
//   server.on("GET", "/gateway/bot", { status: 200, body: gateway.gatewayBot() });
//   ... client.login(token) ...
//   gateway.dispatch("INTERACTION_CREATE", payload);
//
// Sharded clients (one connection per shard, each IDENTIFY carrying [shard_id, num_shards]) are
// served too: READY lists, and GUILD_CREATE sends, only the guilds of that shard (Discord's
// (guild_id >> 22) % num_shards), and `dispatchToShard` picks the connection of one shard.
// Tests only: it trusts the client, checks nothing but the query string, and speaks to 127.0.0.1.
import { EventEmitter, once } from "node:events";
import type { AddressInfo } from "node:net";
import {
  GatewayDispatchEvents,
  GatewayOpcodes,
  type APIUser,
  type ApplicationFlags,
  type GatewayIdentifyData,
  type GatewayReadyDispatchData,
} from "discord-api-types/v10";
import { WebSocketServer, type RawData, type WebSocket } from "ws";

/** A payload the client sent. */
export interface ClientPayload {
  op: number;
  d: unknown;
}

export interface GatewayConnection {
  /** The query discord.js connected with (v, encoding, and compress if it asked for compression). */
  query: URLSearchParams;
  /** The close code, once closed (1000 for discord.js's normal destroy()). */
  closeCode: number | undefined;
}

export interface FakeGateway {
  /** "ws://127.0.0.1:<port>", as Discord's `url` (without a trailing slash or query). */
  url: string;
  /** The body of `GET /gateway/bot` pointing discord.js at this gateway. */
  gatewayBot(): { url: string; shards: number; session_start_limit: { total: number; remaining: number; reset_after: number; max_concurrency: number } };
  connections: GatewayConnection[];
  /** Everything the client sent, oldest first. */
  received: ClientPayload[];
  /** The last IDENTIFY's data (token, intents, properties...). */
  identify: GatewayIdentifyData | undefined;
  /** Every IDENTIFY, oldest first (one per shard, and one more per reconnect). */
  identifies: GatewayIdentifyData[];
  /** Sends a dispatch on the open, identified connection of shard `shardId`; returns the sequence. */
  dispatchToShard(shardId: number, event: string, data: unknown): number;
  /** Whether shard `shardId` has an open, identified connection. */
  shardOnline(shardId: number): boolean;
  /** Sends a dispatch (op 0) with the next sequence number on the open connection; returns the sequence. */
  dispatch(event: string, data: unknown): number;
  /** Resolves on the next IDENTIFY (or at once if one arrived already). */
  waitForIdentify(timeoutMs: number): Promise<GatewayIdentifyData>;
  /** Resolves with the close code when the open connection closes. */
  waitForClose(timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

export interface FakeGatewayOptions {
  botUser: APIUser;
  applicationId: string;
  /** HELLO's heartbeat_interval; short so heartbeats (and our ACKs) really happen in a test. */
  heartbeatIntervalMs?: number;
  /** Full guild objects sent as GUILD_CREATE after READY (READY lists them as unavailable). */
  guilds?: ({ id: string } & Record<string, unknown>)[];
  /** The shard count `GET /gateway/bot` recommends (default 1). */
  recommendedShards?: number;
}

function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`fake gateway: timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function startFakeGateway(options: FakeGatewayOptions): Promise<FakeGateway> {
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1_000;
  const events = new EventEmitter();
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(wss, "listening");
  const { port } = wss.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}`;

  let open: WebSocket | null = null;
  let sessions = 0;
  // Per connection: its sequence and, once identified, its shard.
  const sequences = new WeakMap<WebSocket, number>();
  const shards = new Map<WebSocket, [number, number]>();

  function send(socket: WebSocket, payload: { op: number; d: unknown; s?: number | null; t?: string | null }): void {
    socket.send(JSON.stringify({ s: null, t: null, ...payload }));
  }

  function dispatchOn(socket: WebSocket, event: string, data: unknown): number {
    const sequence = (sequences.get(socket) ?? 0) + 1;
    sequences.set(socket, sequence);
    send(socket, { op: GatewayOpcodes.Dispatch, t: event, s: sequence, d: data });
    return sequence;
  }

  wss.on("connection", (socket, request) => {
    const query = new URL(request.url ?? "/", "http://127.0.0.1").searchParams;
    const connection: GatewayConnection = { query, closeCode: undefined };
    gateway.connections.push(connection);
    // This fake speaks JSON only; a client that insists on ETF or zlib-stream is told so.
    if ((query.get("encoding") ?? "json") !== "json" || query.has("compress")) {
      socket.close(4002, "fake gateway: only encoding=json without compress");
      return;
    }
    open = socket;
    socket.on("close", (code) => {
      connection.closeCode = code;
      shards.delete(socket);
      if (open === socket) open = null;
      events.emit("close", code);
    });
    socket.on("message", (raw: RawData) => {
      let payload: ClientPayload;
      try {
        payload = JSON.parse((raw as Buffer).toString()) as ClientPayload; // binaryType "nodebuffer" (the default): always a Buffer
      } catch {
        socket.close(4002, "decode error");
        return;
      }
      gateway.received.push(payload);
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          send(socket, { op: GatewayOpcodes.HeartbeatAck, d: null });
          break;
        case GatewayOpcodes.Identify: {
          const identify = payload.d as GatewayIdentifyData;
          gateway.identify = identify;
          gateway.identifies.push(identify);
          sessions += 1;
          sequences.set(socket, 0);
          const shard = identify.shard ?? [0, 1];
          shards.set(socket, shard);
          const own = (options.guilds ?? []).filter((g) => shardOf(g.id, shard[1]) === shard[0]);
          const ready: GatewayReadyDispatchData = {
            v: 10,
            user: options.botUser,
            guilds: own.map((g) => ({ id: g.id, unavailable: true })),
            session_id: `fake-session-${sessions}`,
            resume_gateway_url: url,
            shard,
            application: { id: options.applicationId, flags: 0 as ApplicationFlags, flags_new: "0" },
          };
          dispatchOn(socket, GatewayDispatchEvents.Ready, ready);
          for (const guild of own) dispatchOn(socket, GatewayDispatchEvents.GuildCreate, guild);
          events.emit("identify", identify);
          break;
        }
        case GatewayOpcodes.Resume:
          send(socket, { op: GatewayOpcodes.InvalidSession, d: false });
          break;
        default:
          // Presence and voice updates, guild member requests: not needed by these tests.
          break;
      }
    });
    send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: heartbeatIntervalMs } });
  });

  const gateway: FakeGateway = {
    url,
    gatewayBot: () => ({
      url,
      shards: options.recommendedShards ?? 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    }),
    connections: [],
    received: [],
    identify: undefined,
    identifies: [],
    dispatchToShard(shardId, event, data) {
      const socket = [...shards].find(([, shard]) => shard[0] === shardId)?.[0];
      if (socket === undefined) throw new Error(`fake gateway: shard ${shardId} is not connected`);
      return dispatchOn(socket, event, data);
    },
    shardOnline(shardId) {
      return [...shards.values()].some((shard) => shard[0] === shardId);
    },
    dispatch(event, data) {
      if (open === null) throw new Error("fake gateway: no client connected");
      return dispatchOn(open, event, data);
    },
    waitForIdentify(timeoutMs) {
      if (gateway.identify !== undefined) return Promise.resolve(gateway.identify);
      return withTimeout(once(events, "identify").then(([d]) => d as GatewayIdentifyData), timeoutMs, "IDENTIFY");
    },
    waitForClose(timeoutMs) {
      if (open === null) {
        const last = gateway.connections[gateway.connections.length - 1]?.closeCode;
        if (last !== undefined) return Promise.resolve(last);
      }
      return withTimeout(once(events, "close").then(([code]) => code as number), timeoutMs, "the client to close");
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error === undefined ? resolve() : reject(error))));
    },
  };
  return gateway;
}
