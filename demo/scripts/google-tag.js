// A local stand-in for a Google tag (not gated, as Consent Mode tags are not): it reads the
// consent state from dataLayer the way gtag.js does and shows what it would do. It also shows
// dataLayer live.
(() => {
  const dl = (window.dataLayer = window.dataLayer || []);
  const state = () => {
    const consent = {};
    for (const e of dl) if (e && e[0] === 'consent' && (e[1] === 'default' || e[1] === 'update')) Object.assign(consent, e[2]);
    return consent;
  };
  const show = (e) => (e && typeof e === 'object' && 'length' in e && !Array.isArray(e) ? Array.from(e) : e);
  let seen = -1;
  const render = () => {
    if (dl.length === seen) return;
    seen = dl.length;
    const c = state();
    const status = document.getElementById('tag-status');
    const pre = document.getElementById('datalayer');
    if (status) status.textContent = c.analytics_storage === 'granted' ? 'analytics_storage granted: full measurement with cookies' : `analytics_storage ${c.analytics_storage ?? 'unset'}: cookieless ping only`;
    if (pre) pre.textContent = dl.map((e, i) => `${i}: ${JSON.stringify(show(e))}`).join('\n');
  };
  const push = dl.push;
  dl.push = function (...args) { const r = push.apply(this, args); queueMicrotask(render); return r; };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render); else render();
})();
