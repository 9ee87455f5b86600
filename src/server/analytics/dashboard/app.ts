/**
 * The dashboard's script (browser code, built into dist/dashboard/app.js with uPlot
 * bundled in): asks for the admin token, keeps it in sessionStorage (this tab only),
 * fetches `GET {base}/stats` from its own origin, and draws rates as charts with the
 * numbers in tables beside them. Everything is built with DOM methods and
 * textContent: no figure or label from the server is ever parsed as HTML.
 */
import uPlot from 'uplot';
import type { CategoryFigures, Figures, Stats } from '../stats.js';

const base = document.body.dataset.base ?? '/consent';
const KEY = 'consent-gate:dashboard-token';
const main = document.getElementById('main')!;
const login = document.getElementById('login') as HTMLFormElement;
const tokenInput = document.getElementById('token') as HTMLInputElement;
const loginError = document.getElementById('login-error')!;

let stats: Stats | undefined;
let charts: uPlot[] = [];

type Attrs = Record<string, string>;
/** An element with attributes and children (strings become text nodes). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

const number = new Intl.NumberFormat('en');
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const rate = (part: number, whole: number) => (whole ? part / whole : null);
const pct = (v: number | null) => (v === null ? '–' : percent.format(v));
const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (day: string, n: number) => new Date(Date.parse(day) - n * 864e5).toISOString().slice(0, 10);

/** The figures of one row of a table: counts and the rates read from them. */
const COLUMNS: [string, (f: Figures) => string][] = [
  ['Banners shown', (f) => number.format(f.shown)],
  ['Decisions', (f) => number.format(f.decisions)],
  ['Decided per banner shown', (f) => pct(rate(f.decisions, f.shown))],
  ['Accept all', (f) => `${number.format(f.acceptAll)} (${pct(rate(f.acceptAll, f.decisions))})`],
  ['Reject all', (f) => `${number.format(f.rejectAll)} (${pct(rate(f.rejectAll, f.decisions))})`],
  ['Custom', (f) => `${number.format(f.custom)} (${pct(rate(f.custom, f.decisions))})`],
  ['Withdrawals', (f) => number.format(f.withdrawals)],
];

/** A table in a scrollable region that keyboard users can reach and scroll. */
function table(caption: string, head: string[], rows: string[][]): HTMLElement {
  const t = el('table', {},
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', class: i ? 'num' : '' }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, i) => (i ? el('td', { class: 'num' }, c) : el('th', { scope: 'row' }, c)))))));
  return el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption }, t);
}

/** Colours of the current scheme, from the stylesheet's custom properties. */
function palette() {
  const s = getComputedStyle(document.documentElement);
  const v = (name: string) => s.getPropertyValue(name).trim();
  return { text: v('--text'), grid: v('--grid'), accept: v('--accept'), reject: v('--reject'), custom: v('--custom'), shown: v('--shown') };
}

/** A chart container: an image to assistive technology, described in words; the table beside it has the figures. */
function chartBox(label: string): HTMLElement {
  return el('div', { class: 'chart', role: 'img', 'aria-label': `${label}. The figures are in the table beside the chart.` });
}

function axes(c: ReturnType<typeof palette>, x: Partial<uPlot.Axis> = {}): uPlot.Axis[] {
  const common = { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
  return [{ ...common, ...x }, { ...common, values: (_u, splits) => splits.map((v) => percent.format(v)) }];
}

const width = (box: HTMLElement) => Math.max(280, Math.min(box.parentElement?.clientWidth ?? 600, 900) - 8);

/** Rates over time: accept all, reject all and custom as shares of each day's decisions. */
function timeChart(box: HTMLElement, days: Stats['days']) {
  const c = palette();
  const x = days.map((d) => Date.parse(d.date) / 1000);
  const series = (key: 'acceptAll' | 'rejectAll' | 'custom') => days.map((d) => rate(d[key], d.decisions));
  const line = (label: string, stroke: string, dash?: number[]): uPlot.Series => ({ label, stroke, width: 2, spanGaps: false, ...(dash ? { dash } : {}) });
  charts.push(new uPlot({
    width: width(box), height: 260, legend: { show: false }, cursor: { show: false },
    scales: { x: { time: true }, y: { range: [0, 1] } },
    axes: axes(c),
    series: [{}, line('Accept all', c.accept), line('Reject all', c.reject, [6, 4]), line('Custom', c.custom, [2, 3])],
  }, [x, series('acceptAll'), series('rejectAll'), series('custom')], box));
}

/** One bar per label. */
function barChart(box: HTMLElement, labels: string[], values: (number | null)[], label: string, colour: keyof ReturnType<typeof palette>) {
  const c = palette();
  const bars = uPlot.paths.bars!({ size: [0.6, 64] });
  charts.push(new uPlot({
    width: width(box), height: 220, legend: { show: false }, cursor: { show: false },
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: [0, 1] } },
    axes: axes(c, { values: (_u, splits) => splits.map((i) => labels[i] ?? ''), splits: () => labels.map((_, i) => i), gap: 4 }),
    series: [{}, { label, stroke: c[colour], fill: c[colour], paths: bars, points: { show: false } }],
  }, [labels.map((_, i) => i), values], box));
}

/** A legend in words and colour keys (the chart's own is off: this one is text). */
const legend = (items: [string, string][]) => el('ul', { class: 'legend' }, ...items.map(([label, cls]) => el('li', {}, el('span', { class: `key ${cls}`, 'aria-hidden': 'true' }), label)));

function section(id: string, title: string, ...children: Node[]): HTMLElement {
  return el('section', { 'aria-labelledby': id, class: 'card' }, el('h2', { id }, title), ...children);
}

function render() {
  if (!stats) return;
  for (const c of charts) c.destroy();
  charts = [];
  document.getElementById('figures')?.remove();
  const s = stats;
  const out = el('div', { id: 'figures' });

  const t = s.total;
  out.append(section('total-h', `From ${s.from} to ${s.to}`, el('dl', { class: 'totals' },
    ...COLUMNS.flatMap(([name, f]) => [el('div', {}, el('dt', {}, name), el('dd', {}, f(t)))]))));

  const timeBox = chartBox(`Line chart: accept all, reject all and custom as shares of each day's decisions, ${s.from} to ${s.to}`);
  out.append(section('time-h', 'Rates over time', legend([['Accept all', 'accept'], ['Reject all (dashed)', 'reject'], ['Custom (dotted)', 'custom']]), timeBox,
    table('Figures per day', ['Date', ...COLUMNS.map(([n]) => n)], s.days.map((d) => [d.date, ...COLUMNS.map(([, f]) => f(d))]))));

  const cats = Object.entries(t.categories).sort(([a], [b]) => a.localeCompare(b));
  const catBox = chartBox('Bar chart: share of decisions granting each category');
  out.append(section('cat-h', 'Per category', catBox,
    table('Decisions granting each category', ['Category', 'Granted', 'Offered', 'Share'], cats.map(([id, c]: [string, CategoryFigures]) => [id, number.format(c.granted), number.format(c.offered), pct(c.share)]))));

  const boxes: [HTMLElement, () => void][] = [
    [timeBox, () => timeChart(timeBox, s.days)],
    [catBox, () => barChart(catBox, cats.map(([id]) => id), cats.map(([, c]) => (c.offered ? c.share : null)), 'Share granting', 'accept')],
  ];
  const dims: [keyof Stats['by'], string, boolean][] = [['region', 'Per region', true], ['language', 'Per language', true], ['variant', 'Per variant', true],
    ['mode', 'Per mode', false], ['policy', 'Per policy version', false], ['source', 'Per source', false]];
  for (const [dim, title, chart] of dims) {
    const entries = Object.entries(s.by[dim]).sort(([, a], [, b]) => b.shown + b.decisions - (a.shown + a.decisions));
    const id = `${dim}-h`;
    const tableEl = table(`Figures ${title.toLowerCase()}`, [dim[0]!.toUpperCase() + dim.slice(1), ...COLUMNS.map(([n]) => n)], entries.map(([k, f]) => [k, ...COLUMNS.map(([, g]) => g(f))]));
    if (!entries.length) { out.append(section(id, title, el('p', {}, 'No figures in this range.'))); continue; }
    if (!chart) { out.append(section(id, title, tableEl)); continue; }
    const box = chartBox(`Bar chart: accept all as a share of decisions, ${title.toLowerCase()}`);
    out.append(section(id, title, box, tableEl));
    boxes.push([box, () => barChart(box, entries.map(([k]) => k), entries.map(([, f]) => rate(f.acceptAll, f.decisions)), 'Accept all', 'accept')]);
  }
  main.append(out);
  for (const [, draw] of boxes) draw();
}

const CSV_COUNTS = ['shown', 'decisions', 'acceptAll', 'rejectAll', 'custom', 'withdrawals'] as const;
const cell = (v: string | number) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** Every figure of the range as CSV: one line per day, the total, and one per dimension value. */
function csv(s: Stats): string {
  const cats = Object.keys(s.total.categories).sort();
  const head = ['scope', 'key', ...CSV_COUNTS, ...cats.flatMap((c) => [`${c}.granted`, `${c}.offered`])];
  const line = (scope: string, key: string, f: Figures) =>
    [scope, key, ...CSV_COUNTS.map((c) => f[c]), ...cats.flatMap((c) => [f.categories[c]?.granted ?? 0, f.categories[c]?.offered ?? 0])].map(cell).join(',');
  return [head.join(','), ...s.days.map((d) => line('day', d.date, d)), line('total', `${s.from}..${s.to}`, s.total),
    ...Object.entries(s.by).flatMap(([dim, keys]) => Object.entries(keys).map(([k, f]) => line(dim, k, f)))].join('\r\n') + '\r\n';
}

function download() {
  if (!stats) return;
  const url = URL.createObjectURL(new Blob([csv(stats)], { type: 'text/csv' }));
  const a = el('a', { href: url, download: `consent-stats-${stats.from}-${stats.to}.csv` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const status = el('p', { id: 'status', role: 'status', class: 'status' });

async function load(from: string, to: string) {
  const token = sessionStorage.getItem(KEY);
  if (!token) return showLogin();
  status.textContent = 'Loading…';
  const res = await fetch(`${base}/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, {
    headers: { authorization: `Bearer ${token}` }, cache: 'no-store', credentials: 'omit',
  }).catch(() => undefined);
  if (res?.status === 401) {
    sessionStorage.removeItem(KEY);
    return showLogin('That token was not accepted.');
  }
  if (!res?.ok) {
    const error = await res?.json().then((b: { error?: string }) => b.error, () => undefined);
    status.textContent = `The figures could not be loaded${error ? `: ${error}` : ''}.`;
    return;
  }
  stats = (await res.json()) as Stats;
  status.textContent = `Showing ${stats.from} to ${stats.to}.`;
  render();
}

function showLogin(error = '') {
  stats = undefined;
  for (const c of charts) c.destroy();
  charts = [];
  document.getElementById('figures')?.remove();
  document.getElementById('controls')?.remove();
  login.hidden = false;
  loginError.textContent = error;
  tokenInput.value = '';
  tokenInput.focus();
}

function showControls() {
  login.hidden = true;
  if (document.getElementById('controls')) return;
  const to = el('input', { id: 'to', name: 'to', type: 'date', value: today(), required: '' });
  const from = el('input', { id: 'from', name: 'from', type: 'date', value: daysBefore(today(), 29), required: '' });
  const csvButton = el('button', { type: 'button' }, 'Download CSV');
  const signOut = el('button', { type: 'button', class: 'secondary' }, 'Sign out');
  const form = el('form', { id: 'controls', class: 'card controls', 'aria-label': 'Date range' },
    el('div', {}, el('label', { for: 'from' }, 'From'), from),
    el('div', {}, el('label', { for: 'to' }, 'To'), to),
    el('button', { type: 'submit' }, 'Show'), csvButton, signOut, status);
  form.addEventListener('submit', (e) => { e.preventDefault(); void load(from.value, to.value); });
  csvButton.addEventListener('click', download);
  signOut.addEventListener('click', () => { sessionStorage.removeItem(KEY); showLogin(); });
  main.prepend(form);
  // Focus moves from the sign-in form (now hidden) to the first control.
  from.focus();
  void load(from.value, to.value);
}

login.addEventListener('submit', (e) => {
  e.preventDefault();
  const token = tokenInput.value.trim();
  if (!token) return;
  sessionStorage.setItem(KEY, token);
  tokenInput.value = '';
  showControls();
});

// The scheme changed (light ↔ dark): the charts take the new colours; the page resized: the new width.
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', render);
let resizing: ReturnType<typeof setTimeout> | undefined;
addEventListener('resize', () => { clearTimeout(resizing); resizing = setTimeout(render, 150); });

if (sessionStorage.getItem(KEY)) showControls();
else tokenInput.focus();
