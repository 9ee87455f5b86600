// A stand-in chat widget, gated on "functional": remembers that it was shown.
(() => {
  localStorage.setItem('demo_chat', 'seen');
  const add = () => {
    const chat = document.createElement('div');
    chat.className = 'chat';
    chat.textContent = 'Chat with us';
    document.body.append(chat);
    const li = document.createElement('li');
    li.textContent = 'functional.js ran: chat widget shown (localStorage demo_chat)';
    document.getElementById('log')?.append(li);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', add); else add();
})();
