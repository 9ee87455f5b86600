/**
 * Serves the dashboard: one HTML page and its two files (script with the chart
 * library bundled in, stylesheet), all from this server. The Content-Security-Policy
 * lets the page load and fetch from its own origin only, so nothing it shows or
 * does can reach another site.
 */
import { readFile } from 'node:fs/promises';

/** The policy of every dashboard response. */
export const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
  + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const ASSETS: Record<string, string> = { '/app.js': 'text/javascript; charset=utf-8', '/app.css': 'text/css; charset=utf-8' };

/** Where the built files are: beside the built server (dist/dashboard/), or dist/ when running from src/. */
const PLACES = ['./dashboard/', '../dashboard/', '../../../dist/dashboard/'].map((p) => new URL(p, import.meta.url));

async function read(name: string): Promise<Buffer | undefined> {
  for (const dir of PLACES) {
    try { return await readFile(new URL(name.slice(1), dir)); } catch { /* the next place */ }
  }
  return undefined;
}

/** The page: `base` is where the routes live (`/consent`). */
export function dashboardPage(base: string): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>Consent analytics</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${base}/dashboard/app.css">
<script type="module" src="${base}/dashboard/app.js"></script>
</head>
<body data-base="${base}">
<header><h1>Consent analytics</h1></header>
<main id="main">
<form id="login" class="card">
<h2>Sign in</h2>
<p>The figures need the server's admin token. It is kept in this tab only, until the tab is closed.</p>
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">Show figures</button>
<p id="login-error" class="error" role="alert"></p>
</form>
</main>
<noscript><p>The dashboard needs JavaScript.</p></noscript>
</body>
</html>
`;
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', ...HEADERS } });
}

/** One of the page's files; 404 for any other name, 503 when the package was not built. */
export async function dashboardAsset(name: string): Promise<Response> {
  const type = ASSETS[name];
  if (!type) return new Response('not found', { status: 404, headers: HEADERS });
  const body = await read(name);
  if (!body) return new Response('the dashboard is not built: npm run build', { status: 503, headers: HEADERS });
  return new Response(new Uint8Array(body), { headers: { 'content-type': type, ...HEADERS } });
}
