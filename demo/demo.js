// The demo's live consent panel: shows what `window.consentGate` says, on every change.
(function show(tries = 0) {
  const consent = window.consentGate;
  const box = document.getElementById('consent-state');
  if (!box) return;
  // With `regions`, the drop-in starts once its region rules (consent-gate.regions.js) have arrived.
  if (!consent && tries < 50) { setTimeout(() => show(tries + 1), 100); return; }
  if (!consent) { box.textContent = 'consent-gate did not start (see the console).'; return; }
  const row = (dl, term, value, cls) => {
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = term;
    dd.textContent = value;
    if (cls) dd.className = cls;
    dl.append(dt, dd);
  };
  consent.subscribe((s) => {
    const dl = document.createElement('dl');
    if (consent.config.regions) row(dl, 'region', `${s.region ?? 'unknown'} → ${s.mode}`);
    row(dl, 'decided', s.decided ? `yes (${s.source})` : s.reason && s.reason !== 'none' ? `asks again (${s.reason})` : 'not yet');
    for (const [id, on] of Object.entries(s.categories)) row(dl, id, on ? 'allowed' : 'refused', on ? 'on' : 'off');
    for (const [id, v] of Object.entries(s.policies)) row(dl, `${id} version`, String(v));
    if (s.gpc) row(dl, 'GPC', 'honoured');
    if (s.expiresAt) row(dl, 'asks again', s.expiresAt.slice(0, 10));
    box.replaceChildren(dl);
  });
})();
