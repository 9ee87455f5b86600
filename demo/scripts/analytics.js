// A stand-in analytics tag, gated on "analytics": counts a page view in a first-party cookie.
(() => {
  const views = Number(/(?:^|; )_demo_analytics=(\d+)/.exec(document.cookie)?.[1] ?? 0) + 1;
  document.cookie = `_demo_analytics=${views}; path=/; max-age=${60 * 60 * 24 * 30}; SameSite=Lax`;
  const add = () => {
    const li = document.createElement('li');
    li.textContent = `analytics.js ran: page view #${views} counted (cookie _demo_analytics)`;
    document.getElementById('log')?.append(li);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', add); else add();
})();
