// A loopback hop in front of the fake Discord REST server (test/support/discord-server.ts) for the
// two things that server cannot script: response headers (Discord's 429s carry `retry-after` and
// `x-ratelimit-scope`) and timing (holding a response so an interaction is provably in flight).
// Every request is forwarded unchanged, so the fake still records and answers all of them.
//
//   const proxy = await startRestProxy(server.apiUrl);
//   proxy.headersFor = (req, status) => (status === 429 ? { "retry-after": "1" } : undefined);
//   proxy.before = async (req) => { if (req.route === "/guilds/1") await gate; };
import { createServer, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  method: string;
  /** The path after "/api/v10", without the query, e.g. "/interactions/1/tok/callback". */
  route: string;
}

export interface RestProxy {
  /** Base to give discord.js (`rest.api` / DISCORD_API_URL): "http://127.0.0.1:<port>/api". */
  apiUrl: string;
  /** Runs before a request is forwarded; the request waits until it resolves. */
  before: ((request: ProxiedRequest) => Promise<void> | void) | null;
  /** Extra headers to put on the response the fake gave (e.g. rate-limit headers on a 429). */
  headersFor: ((request: ProxiedRequest, status: number) => Record<string, string> | undefined) | null;
  close(): Promise<void>;
}

const API_PREFIX = "/api/v10";
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);

function copyHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

export async function startRestProxy(targetApiUrl: string): Promise<RestProxy> {
  const target = new URL(targetApiUrl);

  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const path = decodeURIComponent(url.pathname);
      const info: ProxiedRequest = {
        method: req.method ?? "GET",
        route: path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path,
      };
      await proxy.before?.(info);

      const upstream = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        const forward = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: info.method,
            path: req.url,
            headers: { ...copyHeaders(req.headers), "content-length": String(body.length) },
          },
          (response) => {
            const parts: Buffer[] = [];
            response.on("data", (part: Buffer) => parts.push(part));
            response.on("end", () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(parts) }));
            response.on("error", reject);
          },
        );
        forward.on("error", reject);
        forward.end(body);
      });

      const extra = proxy.headersFor?.(info, upstream.status) ?? {};
      res.writeHead(upstream.status, { ...copyHeaders(upstream.headers), ...extra, "content-length": String(upstream.body.length) });
      res.end(upstream.body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 0, message: `proxy: ${String(error)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const proxy: RestProxy = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    before: null,
    headersFor: null,
    close() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      });
    },
  };
  return proxy;
}
