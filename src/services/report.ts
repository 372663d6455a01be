// The capacity report as one self-contained HTML file (`npm run report`), for people who report to
// funders or school leaders: the figures, tables and charts of /mod stats. Charts are inlined as
// SVG; a Content-Security-Policy forbids every network request, so the file opens offline as it is.
import { throughputChart, topicChart, waitingChart, type Chart } from "../charts/index.js";
import type { Db } from "../db/client.js";
import { capacityReport, describeForecast, type CapacityReport } from "./capacity.js";

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function pct(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`;
}

function figure(chart: Chart): string {
  // The SVG comes from ECharts, which escapes every text it draws; it is wrapped, not interpolated.
  return `<figure role="img" aria-label="${esc(chart.alt)}" data-chart="${esc(chart.name)}"><div class="chart">${chart.svg}</div><figcaption>${esc(chart.alt)}</figcaption></figure>`;
}

export function reportCharts(r: CapacityReport): Chart[] {
  return [waitingChart(r.weeks), throughputChart(r.weeks), topicChart(r.topics)];
}

export function renderReportHtml(r: CapacityReport, meta: { guildId: string; guildName?: string }): string {
  const c = r.coverage;
  const f = r.forecast;
  const forecast = describeForecast(r);
  const rows = r.weeks
    .map((w) => `<tr><td>${esc(w.weekStart)}</td><td>${w.started}</td><td>${w.ended}</td><td>${w.sessionsHeld}</td><td>${w.seatsFilled}</td><td>${w.attended}</td><td>${w.waiting}</td><td>${w.active}</td></tr>`)
    .join("\n");
  const topics =
    r.topics.length === 0
      ? `<p>No mentee is waiting.</p>`
      : `<table><thead><tr><th>Topic</th><th>Mentees waiting</th><th>Free mentor places</th><th>Mentors offering it</th></tr></thead><tbody>${r.topics
          .map((t) => `<tr><td>${esc(t.label)}</td><td>${t.waiting}</td><td>${t.freePlaces}</td><td>${t.mentors}</td></tr>`)
          .join("")}</tbody></table>`;
  const title = `Careers mentoring capacity report${meta.guildName === undefined ? "" : ` — ${meta.guildName}`}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2rem auto; max-width: 60rem; color: #23272a; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 1rem; }
.figure { border: 1px solid #ddd; border-radius: 6px; padding: .8rem; } .figure b { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; } th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: right; } th:first-child, td:first-child { text-align: left; }
figure { margin: 1.5rem 0; } .chart svg { max-width: 100%; height: auto; } figcaption { font-size: .85rem; color: #555; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p>Server <code>${esc(meta.guildId)}</code> · generated ${esc(r.generatedAt.toISOString().slice(0, 16).replace("T", " "))} UTC · weeks start on Monday (UTC).</p>
<div class="figures">
<div class="figure"><b>${f.waiting}</b>mentees waiting</div>
<div class="figure"><b>${f.freePlaces}</b>free mentor places</div>
<div class="figure"><b>${pct(c.share)}</b>coverage (${c.reached} of ${c.eligible})</div>
<div class="figure"><b>${f.weeksToClear === null ? "—" : `${f.weeksToClear} wk`}</b>until all waiting have started</div>
</div>
<h2>Coverage</h2>
<p>${
    c.eligible === 0
      ? `No member has been a mentee for ${c.days} days yet.`
      : `Of ${c.eligible} member(s) who have been mentees for ${c.days} days or more, ${c.reached} (${pct(c.share)}) have had at least one active match or attended office hours; ${c.reachedRecently} (${pct(c.recentShare)}) in the last ${c.recentDays} days.`
  }</p>
<h2>Forecast</h2>
<p>${esc(forecast.when)}</p>
<p>${esc(forecast.clear)}</p>
<h3>Assumptions</h3>
<ul>${r.assumptions.map((a) => `<li>${esc(a)}</li>`).join("")}</ul>
<h2>Charts</h2>
${reportCharts(r).map(figure).join("\n")}
<h2>Throughput, last ${r.weeks.length} weeks</h2>
<table><thead><tr><th>Week starting</th><th>Matches started</th><th>Ended</th><th>Sessions held</th><th>Office-hour seats</th><th>Came</th><th>Waiting (end of week)</th><th>Active (end of week)</th></tr></thead>
<tbody>
${rows}
<tr><th>Total</th><th>${r.totals.started}</th><th>${r.totals.ended}</th><th>${r.totals.sessionsHeld}</th><th>${r.totals.seatsFilled}</th><th>${r.totals.attended}</th><th></th><th></th></tr>
</tbody></table>
<h2>Supply and demand by topic</h2>
${topics}
</body>
</html>
`;
}

export async function capacityReportHtml(db: Db, guildId: string, now: Date, options: { horizonWeeks?: number; coverageDays?: number } = {}): Promise<string> {
  return renderReportHtml(await capacityReport(db, guildId, now, options), { guildId });
}
