// Demo only: with ?gpc=1, act like a browser that sends Global Privacy Control.
/* global URLSearchParams, Navigator */
if (new URLSearchParams(location.search).has('gpc')) {
  Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });
}
