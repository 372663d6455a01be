// npm run demo:charts [-- --out docs]: seeds a demo community with 12 weeks of history in a
// temporary database and writes the /mod stats charts as PNG files (the README's picture comes
// from here) and the HTML report of the same figures.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { toPng } from "../src/charts/index.js";
import { openDatabase } from "../src/db/client.js";
import { capacityReport } from "../src/services/capacity.js";
import { renderReportHtml, reportCharts } from "../src/services/report.js";
import { seedDemoHistory } from "./demo-history.js";

const outFlag = process.argv.indexOf("--out");
const out = outFlag === -1 ? "docs" : (process.argv[outFlag + 1] ?? "docs");
const GUILD = "100000000000000042";
const NOW = new Date("2026-11-30T12:00:00Z");

const dir = mkdtempSync(path.join(os.tmpdir(), "mentor-bot-demo-charts-"));
const database = await openDatabase(`file:${path.join(dir, "demo.db")}`);
try {
  await seedDemoHistory(database.db, GUILD, NOW);
  const report = await capacityReport(database.db, GUILD, NOW, { horizonWeeks: 8 });
  mkdirSync(out, { recursive: true });
  const [waiting, , topics] = reportCharts(report);
  if (waiting === undefined || topics === undefined) throw new Error("charts missing");
  writeFileSync(path.join(out, "stats-chart.png"), toPng(waiting));
  writeFileSync(path.join(out, "topics-chart.png"), toPng(topics));
  writeFileSync(path.join(out, "report-example.html"), renderReportHtml(report, { guildId: GUILD, guildName: "Demo careers community" }));
  console.log(JSON.stringify({ waiting: report.forecast.waiting, freePlaces: report.forecast.freePlaces, weeksToClear: report.forecast.weeksToClear, extraPlaces: report.forecast.extraPlacesNeeded, coverage: report.coverage, totals: report.totals }));
  console.log(`wrote ${out}/stats-chart.png, ${out}/topics-chart.png and ${out}/report-example.html`);
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
