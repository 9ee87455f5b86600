// Slovak
import type { Texts } from '../en.js';

export default {
  title: "Vaše súkromie",
  body: "Používame súbory cookie a podobné technológie. Niektoré sú nevyhnutné na fungovanie tejto stránky; ostatné používame len s vaším súhlasom. Svoju voľbu môžete kedykoľvek zmeniť.",
  accept: "Prijať všetko",
  reject: "Odmietnuť všetko",
  custom: "Prispôsobiť",
  prefs: "Nastavenia súborov cookie",
  intro: "Vyberte, ktoré súbory cookie povolíte. Nevyhnutné súbory cookie zabezpečujú fungovanie stránky a nedajú sa vypnúť.",
  save: "Uložiť voľbu",
  close: "Zavrieť",
  on: "Vždy zapnuté",
  cookies: "Súbory cookie",
  name: "Názov",
  purpose: "Účel",
  duration: "Trvanie",
  provider: "Poskytovateľ",
  revised: "Aktualizovali sme: {0}. Skontrolujte, prosím, svoju voľbu.",
  gpc: "Váš signál nesúhlasu (opt-out) bol rešpektovaný.",
  notice: "Pokračovaním v prehliadaní našej stránky súhlasíte s používaním súborov cookie a s nasledujúcim: {0}. Nastavenia súborov cookie môžete kedykoľvek zmeniť.",
  agree: "Súhlasím",
  settings: "Nastavenia cookies",
  blocked: "{0} – zablokované, kým nepovolíte: {1}.",
  allow: "Povoliť: {0}",
  content: "Tento obsah",
} satisfies Texts;
