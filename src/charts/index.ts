// Charts for /mod stats and the HTML report, rendered in-process: Apache ECharts builds each chart
// as SVG with its server-side renderer (no DOM, no canvas), and resvg (@resvg/resvg-js, prebuilt
// binaries from npm) turns the SVG into a PNG with the DejaVu Sans font shipped by the
// dejavu-fonts-ttf package, so text renders the same on any machine, fonts installed or not.
// Pure functions of the figures they are given: no database, no Discord.
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import * as echarts from "echarts";

const require = createRequire(import.meta.url);
const FONT_FILES = [require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"), require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")];
const FONT = "DejaVu Sans, Verdana, sans-serif";
const COLORS = { waiting: "#ed4245", active: "#5865f2", started: "#57f287", ended: "#99aab5", seats: "#fee75c", supply: "#5865f2" } as const;

export interface Chart {
  /** File name stem, e.g. "waiting-and-active". */
  name: string;
  title: string;
  /** Alt text: what the chart shows, in words (screen readers, Discord's attachment description). */
  alt: string;
  svg: string;
  width: number;
  height: number;
}

export interface WeekPoint {
  weekStart: string;
  waiting: number;
  active: number;
  started: number;
  ended: number;
  seatsFilled: number;
}

export interface TopicPoint {
  label: string;
  waiting: number;
  freePlaces: number;
}

function render(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, backgroundColor: "#ffffff", textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const shortWeek = (iso: string) => iso.slice(5);

function range(values: readonly number[]): string {
  if (values.length === 0) return "no data";
  return `${values[0]} in the first week, ${values[values.length - 1]} in the last (lowest ${Math.min(...values)}, highest ${Math.max(...values)})`;
}

function clampAlt(text: string): string {
  return text.length <= 1000 ? text : `${text.slice(0, 999)}…`;
}

/** Waiting list (line) and active matches (bars) at the end of each week. */
export function waitingChart(weeks: readonly WeekPoint[]): Chart {
  const width = 800;
  const height = 400;
  const title = "Waiting list and active matches per week";
  const svg = render(
    {
      title: { text: title, left: "center", textStyle: { fontSize: 16 } },
      legend: { top: 32, itemGap: 40, data: ["Mentees waiting", "Active matches"] },
      grid: { left: 50, right: 20, top: 70, bottom: 50 },
      xAxis: { type: "category", data: weeks.map((w) => shortWeek(w.weekStart)), name: "week starting (UTC)", nameLocation: "middle", nameGap: 30 },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "Active matches", type: "bar", data: weeks.map((w) => w.active), itemStyle: { color: COLORS.active } },
        { name: "Mentees waiting", type: "line", data: weeks.map((w) => w.waiting), itemStyle: { color: COLORS.waiting }, lineStyle: { width: 3 } },
      ],
    },
    width,
    height,
  );
  const span = weeks.length === 0 ? "" : ` from the week of ${weeks[0]?.weekStart} to the week of ${weeks.at(-1)?.weekStart}`;
  const alt = `${title}${span}. Mentees waiting: ${range(weeks.map((w) => w.waiting))}. Active matches: ${range(weeks.map((w) => w.active))}.`;
  return { name: "waiting-and-active", title, alt: clampAlt(alt), svg, width, height };
}

/** Matches started and ended, and office-hour seats filled, per week. */
export function throughputChart(weeks: readonly WeekPoint[]): Chart {
  const width = 800;
  const height = 400;
  const title = "Matches started and ended, office-hour seats filled, per week";
  const svg = render(
    {
      title: { text: title, left: "center", textStyle: { fontSize: 16 } },
      legend: { top: 32, itemGap: 40 },
      grid: { left: 50, right: 20, top: 70, bottom: 50 },
      xAxis: { type: "category", data: weeks.map((w) => shortWeek(w.weekStart)), name: "week starting (UTC)", nameLocation: "middle", nameGap: 30 },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "Started", type: "bar", data: weeks.map((w) => w.started), itemStyle: { color: COLORS.started } },
        { name: "Ended", type: "bar", data: weeks.map((w) => w.ended), itemStyle: { color: COLORS.ended } },
        { name: "Office-hour seats", type: "bar", data: weeks.map((w) => w.seatsFilled), itemStyle: { color: COLORS.seats } },
      ],
    },
    width,
    height,
  );
  const sum = (f: (w: WeekPoint) => number) => weeks.reduce((n, w) => n + f(w), 0);
  const alt = `${title}, over ${weeks.length} weeks: ${sum((w) => w.started)} matches started, ${sum((w) => w.ended)} ended, ${sum((w) => w.seatsFilled)} office-hour seats filled.`;
  return { name: "throughput", title, alt: clampAlt(alt), svg, width, height };
}

/** Waiting mentees per topic against free places of mentors who offer it. */
export function topicChart(topics: readonly TopicPoint[]): Chart {
  const width = 800;
  const rows = Math.max(1, topics.length);
  const height = Math.min(640, 120 + rows * 40);
  const title = "Demand and supply by topic";
  // Longest first at the top: ECharts draws category axes bottom-up.
  const shown = [...topics].reverse();
  const label = (text: string) => (text.length > 28 ? `${text.slice(0, 27)}…` : text);
  const svg = render(
    {
      title: { text: title, left: "center", textStyle: { fontSize: 16 } },
      legend: { top: 32, itemGap: 40, data: ["Mentees waiting", "Free mentor places"] },
      grid: { left: 200, right: 30, top: 70, bottom: 30 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: shown.length === 0 ? ["(no waiting mentees)"] : shown.map((t) => label(t.label)) },
      series: [
        { name: "Mentees waiting", type: "bar", data: shown.map((t) => t.waiting), itemStyle: { color: COLORS.waiting } },
        { name: "Free mentor places", type: "bar", data: shown.map((t) => t.freePlaces), itemStyle: { color: COLORS.supply } },
      ],
    },
    width,
    height,
  );
  const alt =
    topics.length === 0
      ? `${title}: no mentee is waiting, so there is no demand to show.`
      : `${title} (mentees waiting / free mentor places): ${topics.map((t) => `${t.label} ${t.waiting} / ${t.freePlaces}`).join("; ")}.`;
  return { name: "topics", title, alt: clampAlt(alt), svg, width, height };
}

/** The chart as a PNG (white background), text in DejaVu Sans. */
export function toPng(chart: Pick<Chart, "svg" | "width">, scale = 1): Uint8Array {
  const resvg = new Resvg(chart.svg, {
    background: "#ffffff",
    fitTo: { mode: "width", value: Math.round(chart.width * scale) },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}
