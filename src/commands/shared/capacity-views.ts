// The capacity part of /mod stats: coverage, throughput, the forecast with its assumptions and
// supply against demand by topic, plus the charts as PNG attachments with alt text.
import { topicChart, toPng, waitingChart } from "../../charts/index.js";
import type { EmbedField, EmbedSpec, FileSpec } from "../../interaction/types.js";
import { describeForecast, type CapacityReport } from "../../services/capacity.js";
import { md } from "./markdown.js";
import { COLORS } from "./views.js";

function pct(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`;
}

/** Lines joined until they fill one field value (1,024 characters); the rest is counted. */
function fit(lines: readonly string[], max = 1024): string {
  const out: string[] = [];
  let size = 0;
  for (const [i, line] of lines.entries()) {
    const more = `… and ${lines.length - i} more`;
    if (size + line.length + 1 + (i < lines.length - 1 ? more.length + 1 : 0) > max) {
      out.push(more);
      break;
    }
    out.push(line);
    size += line.length + 1;
  }
  return out.join("\n") || "—";
}

export function forecastText(r: CapacityReport): string {
  const { when, clear } = describeForecast(r);
  return clear === "" ? when : `${when}\n${clear} (\`horizon\` sets the weeks.)`;
}

export function capacityEmbed(r: CapacityReport): EmbedSpec {
  const c = r.coverage;
  const t = r.totals;
  const weekLines = r.weeks.map((w) => `${w.weekStart.slice(5)}  +${w.started} −${w.ended}  ${w.sessionsHeld} sess.  ${w.seatsFilled} seats  ${w.waiting} waiting`);
  const topicLines = r.topics.map((x) => `• ${md(x.label)}: ${x.waiting} waiting · ${x.freePlaces} free place(s) with ${x.mentors} mentor(s)`);
  const fields: EmbedField[] = [
    {
      name: "Coverage",
      value:
        c.eligible === 0
          ? `No member has been a mentee for ${c.days} days yet.`
          : `Of ${c.eligible} member(s) who have been mentees for ${c.days}+ days, ${c.reached} (${pct(c.share)}) have had an active match or attended office hours; ${c.reachedRecently} (${pct(c.recentShare)}) in the last ${c.recentDays} days.`,
    },
    {
      name: `Throughput, last ${r.weeks.length} weeks`,
      value: `${t.started} matches started · ${t.ended} ended · ${t.sessionsHeld} sessions held · ${t.seatsFilled} office-hour seats filled (${t.attended} marked as came)\n\`\`\`\n${weekLines.join("\n")}\n\`\`\``.slice(0, 1024),
    },
    { name: "Forecast", value: forecastText(r).slice(0, 1024) },
    { name: "Supply vs demand by topic (waiting mentees)", value: r.topics.length === 0 ? "No mentee is waiting." : fit(topicLines) },
    { name: "Assumptions", value: fit(r.assumptions.map((a) => `• ${a}`)) },
  ];
  return { title: "Capacity, coverage and forecast", fields, footer: "Weeks start on Monday (UTC). Charts attached.", color: COLORS.brand };
}

/** The two charts /mod stats attaches, as PNG files with their alt text. */
export function capacityCharts(r: CapacityReport): FileSpec[] {
  return [waitingChart(r.weeks), topicChart(r.topics)].map((chart) => ({ name: `${chart.name}.png`, data: toPng(chart), description: chart.alt }));
}
