/**
 * Bar charts drawn as SVG on the server, for the trainer report. A handful of rectangles and labels needs no
 * chart library, no script in the browser and no CDN, and the chart is readable with styles and script off.
 * Every chart carries a title and a description for screen readers; the page lists the same figures as a
 * table beside it.
 */
import { escapeHtml } from "./admin-html.ts";

export interface Bar {
  label: string;
  value: number;
}

/** Sizes in SVG user units; the SVG scales to the width of its container. */
const WIDTH = 720;
const COLUMN_CHART_HEIGHT = 220;
const AXIS_GAP = 28;
const LABEL_WIDTH = 170;
const ROW_HEIGHT = 30;

/** A column per item (e.g. questions per day), with the highest value marked on the axis. */
export function columnChart(title: string, bars: readonly Bar[]): string {
  const most = Math.max(1, ...bars.map((b) => b.value));
  const plotHeight = COLUMN_CHART_HEIGHT - AXIS_GAP * 2;
  const slot = (WIDTH - AXIS_GAP) / Math.max(1, bars.length);
  const columns = bars
    .map((bar, i) => {
      const height = (bar.value / most) * plotHeight;
      const x = AXIS_GAP + i * slot + slot * 0.15;
      const y = AXIS_GAP + plotHeight - height;
      return `<rect class="chart-bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${height.toFixed(1)}"><title>${escapeHtml(`${bar.label}: ${bar.value}`)}</title></rect>`;
    })
    .join("");
  const first = bars[0]?.label ?? "";
  const last = bars.at(-1)?.label ?? "";
  const bottom = COLUMN_CHART_HEIGHT - AXIS_GAP;
  return svg(
    title,
    describe(bars),
    COLUMN_CHART_HEIGHT,
    `<line class="chart-axis" x1="${AXIS_GAP}" y1="${bottom}" x2="${WIDTH}" y2="${bottom}"/>` +
      `<text class="chart-label" x="${AXIS_GAP - 4}" y="${AXIS_GAP + 4}" text-anchor="end">${most}</text>` +
      `<text class="chart-label" x="${AXIS_GAP - 4}" y="${bottom}" text-anchor="end">0</text>` +
      columns +
      `<text class="chart-label" x="${AXIS_GAP}" y="${COLUMN_CHART_HEIGHT - 6}">${escapeHtml(first)}</text>` +
      `<text class="chart-label" x="${WIDTH}" y="${COLUMN_CHART_HEIGHT - 6}" text-anchor="end">${escapeHtml(last)}</text>`,
  );
}

/** A labelled row per item (e.g. escalations by level), each with its value written at the end of its bar. */
export function barChart(title: string, bars: readonly Bar[]): string {
  const most = Math.max(1, ...bars.map((b) => b.value));
  const plotWidth = WIDTH - LABEL_WIDTH - 60;
  const rows = bars
    .map((bar, i) => {
      const y = i * ROW_HEIGHT + 6;
      const width = (bar.value / most) * plotWidth;
      return (
        `<text class="chart-label" x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(bar.label)}</text>` +
        `<rect class="chart-bar" x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${ROW_HEIGHT - 10}"/>` +
        `<text class="chart-label" x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + 15}">${bar.value}</text>`
      );
    })
    .join("");
  return svg(title, describe(bars), bars.length * ROW_HEIGHT + 12, rows);
}

function describe(bars: readonly Bar[]): string {
  return bars.map((b) => `${b.label}: ${b.value}`).join(", ");
}

function svg(title: string, description: string, height: number, content: string): string {
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title><desc>${escapeHtml(description)}</desc>${content}</svg>`;
}
