// The npm page's application code: what a site writes when it installs consent-gate from npm.
import { createConsent, gate, googleConsentMode } from 'consent-gate';
import 'consent-gate/banner';

const consent = createConsent({
  policies: { privacy: { version: '2026-11-01', url: '/demo/privacy.html', label: 'Privacy Policy' } },
  categories: {
    necessary: { required: true, label: 'Necessary' },
    analytics: { label: 'Analytics', description: 'Counts page views.', cookies: ['_demo_analytics'] },
    marketing: { label: 'Marketing', description: 'Personalised ads.', cookies: ['_demo_ads'] },
  },
});
googleConsentMode(consent);
gate(consent);
window.consentGate = consent; // for the demo's state panel

// The debug panel, only when asked for (#consent-gate-debug in the address): a chunk of its own.
const debugPanel = () => {
  if (location.hash === '#consent-gate-debug') import('consent-gate/debug').then(({ debug }) => debug(consent));
};
window.addEventListener('hashchange', debugPanel);
debugPanel();

const banner = document.createElement('consent-banner');
banner.consent = consent;
document.body.prepend(banner);

consent.whenGranted('analytics').then(() => {
  const li = document.createElement('li');
  li.textContent = 'npm-app.js: whenGranted("analytics") resolved';
  document.getElementById('log')?.append(li);
});
