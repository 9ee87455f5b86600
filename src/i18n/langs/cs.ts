// Czech
import type { Texts } from '../en.js';

export default {
  title: "Vaše soukromí",
  body: "Používáme soubory cookie a podobné technologie. Některé jsou nezbytné pro fungování tohoto webu; ostatní používáme jen s vaším svolením. Svou volbu můžete kdykoli změnit.",
  accept: "Přijmout vše",
  reject: "Odmítnout vše",
  custom: "Upravit",
  prefs: "Nastavení souborů cookie",
  intro: "Vyberte, které soubory cookie povolíte. Nezbytné soubory cookie zajišťují fungování webu a nelze je vypnout.",
  save: "Uložit volbu",
  close: "Zavřít",
  on: "Vždy zapnuto",
  cookies: "Soubory cookie",
  name: "Název",
  purpose: "Účel",
  duration: "Doba platnosti",
  provider: "Poskytovatel",
  revised: "Aktualizovali jsme: {0}. Zkontrolujte prosím svou volbu.",
  gpc: "Váš signál nesouhlasu (opt-out) byl respektován.",
  notice: "Pokračováním v prohlížení našeho webu souhlasíte s používáním souborů cookie a s následujícím: {0}. Nastavení souborů cookie můžete kdykoli změnit.",
  agree: "Souhlasím",
  settings: "Nastavení cookies",
  blocked: "{0} – zablokováno, dokud nepovolíte: {1}.",
  allow: "Povolit: {0}",
  content: "Tento obsah",
} satisfies Texts;
