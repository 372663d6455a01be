// `npm run report`: the real script as a child process on a seeded database with 12 weeks of
// history; the HTML it writes is opened in headless Chromium (Debian's chromium, driven by
// playwright-core) to check that every chart rendered and that the page makes no request.
// Chromium is installed by this test's setup when it is missing and the test runs as root (as CI
// does); otherwise the browser check is skipped with the reason printed, unless REQUIRE_CHROMIUM=1
// (set by .ci/run), which makes a missing browser a failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { seedDemoHistory } from "../../scripts/demo-history.js";

const CHROMIUM = "/usr/bin/chromium";
const GUILD = "100000000000000042";
const REQUIRED = process.env.REQUIRE_CHROMIUM === "1";

let dir: string;
let dbUrl: string;
let browserProblem: string | null = null;

/** Installs Debian's chromium when it is missing and we may (root); returns why not otherwise. */
function ensureChromium(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return `${CHROMIUM} is missing and this test is not running as root, so it cannot install Debian's chromium package`;
  const install = spawnSync("bash", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"], { stdio: "inherit", timeout: 900_000 });
  return existsSync(CHROMIUM) ? null : `installing chromium failed (apt-get exit ${install.status ?? "timeout"})`;
}

function runReport(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/report.ts", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: dbUrl, DOTENV_CONFIG_QUIET: "true" }, timeout: 120_000 });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "mentor-bot-report-"));
  dbUrl = `file:${path.join(dir, "report.db")}`;
  const database = await openDatabase(dbUrl);
  await seedDemoHistory(database.db, GUILD, new Date());
  await database.close();
  browserProblem = ensureChromium();
  if (browserProblem !== null) console.log(`report test: headless Chromium check ${REQUIRED ? "FAILS" : "skipped"}: ${browserProblem}`);
}, 900_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run report", () => {
  it("given bad flags, then it exits 2 with one line naming the flag and the usage", () => {
    for (const [args, expected] of [
      [["--out", "x.html"], "Flag --guild: is required"],
      [["--guild", "abc", "--out", "x.html"], "Flag --guild: must be a Discord server id"],
      [["--guild", GUILD, "--out", "x.txt"], "Flag --out: must be a file name ending in .html"],
      [["--guild", GUILD, "--out", "x.html", "--horizon", "99"], "Flag --horizon: must be from 1 to 52"],
      [["--guild", GUILD, "--out", "x.html", "--colour", "red"], "Unknown option '--colour'"],
    ] as const) {
      const run = runReport([...args]);
      expect(run.status, `${args.join(" ")}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(expected);
      expect(run.stderr).toContain("usage: npm run report");
    }
  }, 120_000);

  it("given a server with history, then it writes one self-contained HTML file with the figures, tables and three charts, and Chromium renders every chart without a single request", async () => {
    const out = path.join(dir, "report.html");
    const run = runReport(["--guild", GUILD, "--out", out, "--horizon", "6"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`written to ${out}`);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("Content-Security-Policy");
    expect(html).toContain("Coverage");
    expect(html).toContain("To clear the list within 6 week(s)");
    expect(html).toContain("<table>");
    expect(html.match(/<figure role="img"/g)).toHaveLength(3);
    // No external resources: nothing is loaded from anywhere (the only URLs are SVG namespaces).
    expect(html.replace(/http:\/\/www\.w3\.org\/[\w/]+/g, "")).not.toMatch(/(?:src|href)=["']?(?:https?:)?\/\//);

    if (browserProblem !== null) {
      if (REQUIRED) throw new Error(`REQUIRE_CHROMIUM=1 but ${browserProblem}`);
      return;
    }
    let browser: Browser | undefined;
    try {
      // playwright-core starts Chromium with a fresh, empty profile of its own (a new user data dir).
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      });
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith("file://") && !r.url().startsWith("data:")) requests.push(r.url());
      });
      await page.goto(`file://${out}`);
      // Run in the page (the test's TypeScript has no DOM types, so the script is a string).
      const charts = await page.evaluate<{ name: string | null; width: number; height: number; shapes: number; texts: number }[]>(`[...document.querySelectorAll("figure[data-chart]")].map((f) => {
        const svg = f.querySelector("svg");
        const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
        return { name: f.getAttribute("data-chart"), width: box.width, height: box.height, shapes: svg ? svg.querySelectorAll("path, rect").length : 0, texts: svg ? svg.querySelectorAll("text").length : 0 };
      })`);
      expect(charts.map((c) => c.name)).toEqual(["waiting-and-active", "throughput", "topics"]);
      for (const c of charts) {
        expect(c.width, c.name ?? "").toBeGreaterThan(300);
        expect(c.height, c.name ?? "").toBeGreaterThan(150);
        expect(c.shapes, c.name ?? "").toBeGreaterThan(10);
        expect(c.texts, c.name ?? "").toBeGreaterThan(3);
      }
      expect(requests).toEqual([]);
      await page.screenshot({ path: path.join(os.tmpdir(), "mentor-bot-report.png"), fullPage: true });
    } finally {
      await browser?.close();
    }
  }, 180_000);
});
