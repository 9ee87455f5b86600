// A stand-in ad tag, gated on "marketing": sets an ad cookie and fills the ad slot.
(() => {
  document.cookie = `_demo_ads=${Math.random().toString(36).slice(2, 10)}; path=/; max-age=${60 * 60 * 24 * 90}; SameSite=Lax`;
  const add = () => {
    for (const slot of document.querySelectorAll('.ad')) {
      slot.textContent = 'Advertisement: a personalised ad would be here (cookie _demo_ads set).';
      slot.classList.add('live');
    }
    const li = document.createElement('li');
    li.textContent = 'marketing.js ran: ad slot filled (cookie _demo_ads)';
    document.getElementById('log')?.append(li);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', add); else add();
})();
