// Shows whether the browser sends Global Privacy Control, and offers to toggle the simulation.
(() => {
  const on = navigator.globalPrivacyControl === true;
  document.getElementById('gpc-signal').textContent = on ? 'on (navigator.globalPrivacyControl === true)' : 'off';
  const toggle = document.getElementById('gpc-toggle');
  if (on) { toggle.textContent = 'Stop simulating it'; toggle.href = location.pathname; }
})();
