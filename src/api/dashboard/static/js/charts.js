// Charts with uPlot (loaded as a classic script from /dashboard/vendor, so window.uPlot).
// uPlot draws on a canvas and sizes itself with element.style, which the CSP allows.
import { h } from './dom.js';

const COLORS = { volume: '#3b5bdb', pos: '#2b8a3e', neu: '#868e96', neg: '#c92a2a', sentiment: '#5f3dc4', band: 'rgba(95,61,196,0.15)', fake: '#e67700', other: '#0b7285' };
export { COLORS };

const live = new Set();
let observer = null;

function widthOf(el) {
  return Math.max(280, Math.floor(el.getBoundingClientRect().width || el.clientWidth || 600) - 8);
}

/**
 * A time-series chart in a figure with a caption and an accessible text summary.
 * x: unix seconds; series: [{ label, values, color, scale?, fill?, dash? }].
 */
export function timeChart({ title, x, series, height = 220, summary, yRange, percent = false, time = true }) {
  const fig = h('figure', { class: 'chart' }, h('figcaption', null, title));
  const box = h('div', { class: 'chart-box', role: 'img', 'aria-label': summary || title });
  fig.append(box);
  if (!window.uPlot) {
    box.append(h('p', { class: 'muted' }, 'Charts unavailable (uPlot did not load).'));
    return fig;
  }
  if (!x.length) {
    box.append(h('p', { class: 'muted' }, 'No data in this range yet.'));
    return fig;
  }
  const opts = {
    width: 600,
    height,
    cursor: { focus: { prox: 16 } },
    legend: { live: true },
    scales: { x: { time }, y: yRange ? { range: yRange } : { auto: true } },
    axes: [time ? {} : { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? `day ${t}` : '')) }, { size: 56, values: percent ? (_u, ticks) => ticks.map((v) => `${Math.round(v * 100)}%`) : undefined }],
    series: [{}, ...series.map((s) => ({
      label: s.label,
      stroke: s.color,
      width: s.width || 2,
      fill: s.fill,
      dash: s.dash,
      points: { show: x.length < 40 },
      value: percent ? (_u, v) => (v == null ? '–' : `${(v * 100).toFixed(1)}%`) : (_u, v) => (v == null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(2)),
    }))],
  };
  if (series.some((s) => s.bandWith !== undefined)) {
    opts.bands = series.map((s, i) => (s.bandWith !== undefined ? { series: [i + 1, s.bandWith + 1], fill: COLORS.band } : null)).filter(Boolean);
  }
  const data = [x, ...series.map((s) => s.values)];
  // Create once the figure is in the document, so the chart takes the width it is given.
  requestAnimationFrame(() => {
    if (!box.isConnected) return;
    opts.width = widthOf(box);
    const plot = new window.uPlot(opts, data, box);
    live.add({ plot, box });
    observe();
  });
  return fig;
}

function observe() {
  if (observer) return;
  observer = new ResizeObserver(() => {
    for (const entry of live) {
      if (!entry.box.isConnected) { entry.plot.destroy(); live.delete(entry); continue; }
      const w = widthOf(entry.box);
      if (Math.abs(w - entry.plot.width) > 4) entry.plot.setSize({ width: w, height: entry.plot.height });
    }
  });
  observer.observe(document.body);
}

/** Destroys charts whose figure left the page (called on navigation). */
export function disposeCharts() {
  for (const entry of live) {
    if (!entry.box.isConnected) { entry.plot.destroy(); live.delete(entry); }
  }
}

/** A horizontal bar (0..1) drawn with a <meter>, so it needs no inline style. */
export function meter(value, { low = 0.33, high = 0.66, optimum = 1, label } = {}) {
  return h('meter', { min: 0, max: 1, low, high, optimum, value: Math.max(0, Math.min(1, value || 0)), 'aria-label': label, title: label });
}
