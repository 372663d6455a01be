// The monitoring endpoint: GET /healthz and GET /metrics on METRICS_PORT. One per process for
// `npm start`; with `npm run start:sharded` only the manager listens and answers for all shards.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PROMETHEUS_CONTENT_TYPE } from "./registry.js";

/** "ok", or why not, per check. Healthy when every check says "ok". */
export type HealthChecks = Record<string, string>;

export interface HealthReport {
  status: "ok" | "unhealthy";
  checks: HealthChecks;
  /** The first failing check, in one line ("database: unreachable (...)"). */
  reason?: string;
}

export function healthReport(checks: HealthChecks): HealthReport {
  const failing = Object.entries(checks).filter(([, value]) => value !== "ok");
  if (failing.length === 0) return { status: "ok", checks };
  return { status: "unhealthy", checks, reason: failing.map(([name, value]) => `${name}: ${value}`).join("; ") };
}

export interface MetricsServerOptions {
  port: number;
  /** Default: every interface (Prometheus usually scrapes from another machine). */
  host?: string;
  metrics: () => Promise<string>;
  health: () => Promise<HealthChecks>;
  onError?: (error: unknown) => void;
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const answer = async () => {
      if (path === "/metrics") {
        const body = await options.metrics();
        response.writeHead(200, { "content-type": PROMETHEUS_CONTENT_TYPE }).end(body);
      } else if (path === "/healthz") {
        const report = healthReport(await options.health());
        response.writeHead(report.status === "ok" ? 200 : 503, { "content-type": "application/json; charset=utf-8" }).end(`${JSON.stringify(report)}\n`);
      } else {
        response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: try /healthz or /metrics\n");
      }
    };
    answer().catch((error: unknown) => {
      options.onError?.(error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end("metrics collection failed\n");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `check`; "ok", or the reason in one line (a timeout counts as a failure). */
export async function probe(check: () => Promise<unknown>, timeoutMs: number, what: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return "ok";
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n").map((l) => l.trim()).filter((l) => l !== "").at(-1) ?? "failed";
    return `${what} (${message.slice(0, 200)})`;
  } finally {
    clearTimeout(timer);
  }
}
