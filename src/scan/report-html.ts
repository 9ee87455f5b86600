/**
 * `report.html`: one self-contained page (inline styles and a few lines of inline script for
 * sorting, nothing remote), readable offline and printable. Leaks first, then one table per
 * category; every value is escaped.
 */
import type { ScanCategory, ScanReport } from './types.js';

const escape = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CATEGORIES: { id: ScanCategory; title: string; note: string }[] = [
  { id: 'necessary', title: 'Strictly necessary', note: 'Allowed without consent.' },
  { id: 'functional', title: 'Functional', note: 'Preferences and embedded features: need consent.' },
  { id: 'analytics', title: 'Analytics', note: 'Need consent.' },
  { id: 'marketing', title: 'Marketing', note: 'Need consent.' },
  { id: 'unclassified', title: 'Unclassified', note: 'Matched nothing we know: decide which category each belongs to.' },
];

/** A sortable table: a caption, column headers with sort buttons, rows of escaped cells. */
function table(caption: string, headers: string[], rows: unknown[][]): string {
  if (!rows.length) return `<p class="none">${escape(caption)}: none.</p>`;
  const head = headers.map((h) => `<th scope="col" aria-sort="none"><button type="button">${escape(h)}</button></th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="sortable"><caption>${escape(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `
:root{color-scheme:light;font:15px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
body{max-width:72rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{margin-top:2rem;border-bottom:2px solid #ddd}
.summary{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;padding:0;list-style:none}
.summary b{font-size:1.3rem}
.leaks h2{color:#a10000;border-color:#a10000}.ok{color:#0a6b2d;font-weight:600}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f0f0f0}th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:left}
th button:focus-visible{outline:2px solid #0b57d0;outline-offset:2px}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
.none{color:#555}.note{color:#444;margin:.25rem 0}
footer{margin-top:2rem;font-size:.8rem;color:#444}
@media print{body{max-width:none;padding:0}th button::after{content:""!important}table{page-break-inside:auto}tr{page-break-inside:avoid}}
`;

// Sorting: a click on a column's button sorts its table by that column (numbers as numbers), toggling the order.
const SCRIPT = `
for (const th of document.querySelectorAll('table.sortable th')) th.querySelector('button').addEventListener('click', () => {
  const table = th.closest('table'), i = [...th.parentNode.children].indexOf(th);
  const asc = th.getAttribute('aria-sort') !== 'ascending';
  for (const o of th.parentNode.children) o.setAttribute('aria-sort', 'none');
  th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
  const body = table.tBodies[0], rows = [...body.rows];
  rows.sort((a, b) => a.cells[i].textContent.localeCompare(b.cells[i].textContent, undefined, { numeric: true }) * (asc ? 1 : -1));
  body.append(...rows);
});`;

/** The HTML report for a scan; `attribution` is the Open Cookie Database's notice. */
export function reportHtml(report: ScanReport, attribution: string): string {
  const passes = (p: string[]) => p.join(', ');
  const count = (c: ScanCategory) => report.cookies.filter((x) => x.category === c).length + report.storage.filter((x) => x.category === c).length + report.requests.filter((x) => x.category === c).length;
  const sections = CATEGORIES.map(({ id, title, note }) => {
    const cookies = report.cookies.filter((c) => c.category === id);
    const storage = report.storage.filter((s) => s.category === id);
    const requests = report.requests.filter((r) => r.category === id);
    return `<section aria-labelledby="cat-${id}"><h2 id="cat-${id}">${escape(title)} (${count(id)})</h2><p class="note">${escape(note)}</p>
${table(`${title}: cookies`, ['Name', 'Domain', 'Platform', 'Description', 'Retention', 'Expires', 'Third party', 'Set by', 'Passes'],
    cookies.map((c) => [c.name, c.domain, c.platform, c.description, c.retention, c.expires, c.thirdParty ? 'yes' : 'no', c.setBy ? `${c.setBy} (${c.setVia})` : '', passes(c.passes)]))}
${table(`${title}: storage keys`, ['Key', 'Area', 'Platform', 'Description', 'Set by', 'Passes'], storage.map((s) => [s.name, s.area, s.platform, s.description, s.setBy, passes(s.passes)]))}
${table(`${title}: requests to other sites`, ['URL', 'Host', 'Type', 'Service', 'Script behind it', 'Passes'], requests.map((r) => [r.url, r.host, r.type, r.platform, r.initiator, passes(r.passes)]))}
</section>`;
  }).join('\n');
  const leaks = report.leaks.length
    ? table('Leaks: set or requested without consent', ['Page', 'Pass', 'Kind', 'Name', 'Category', 'Cause'], report.leaks.map((l) => [l.page, l.pass, l.kind, l.name, l.category, l.cause]))
    : '<p class="ok">No leaks: nothing optional was set or requested before consent or after "Reject all".</p>';
  const failures = report.failures.length
    ? `<section aria-labelledby="failures"><h2 id="failures">Pages that could not be scanned</h2>${table('Failures', ['Page', 'Pass', 'Error'], report.failures.map((f) => [f.page, f.pass, f.error]))}</section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Consent scan: ${escape(report.url)}</title><style>${STYLE}</style></head>
<body><main>
<h1>Consent scan of ${escape(report.url)}</h1>
<p>Scanned ${escape(report.scannedAt)} in ${escape((report.durationMs / 1000).toFixed(1))} s${report.consentGate ? `; consent-gate found (mode ${escape(report.consentGate.mode)})` : '; no consent-gate found: only the "before" pass ran'}.</p>
<ul class="summary"><li><b>${report.leaks.length}</b> leaks</li><li><b>${report.pages.length}</b> pages</li><li><b>${report.cookies.length}</b> cookies</li><li><b>${report.storage.length}</b> storage keys</li><li><b>${report.requests.length}</b> requests to other sites</li></ul>
<section class="leaks" aria-labelledby="leaks"><h2 id="leaks">Leaks (${report.leaks.length})</h2>${leaks}</section>
${sections}
${failures}
<section aria-labelledby="pages"><h2 id="pages">Pages scanned (${report.pages.length})</h2><ol>${report.pages.map((p) => `<li>${escape(p)}</li>`).join('')}</ol></section>
</main>
<footer><p>Passes: "before" (no decision), "rejected" (after Reject all), "accepted" (after Accept all), each in a fresh browser profile.</p><p>${escape(attribution)}</p></footer>
<script>${SCRIPT}</script>
</body></html>
`;
}
