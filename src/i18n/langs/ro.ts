// Romanian
import type { Texts } from '../en.js';

export default {
  title: "Confidențialitatea dvs.",
  body: "Folosim cookie-uri și tehnologii similare. Unele sunt necesare pentru funcționarea acestui site; celelalte sunt folosite doar cu permisiunea dvs. Vă puteți schimba alegerea oricând.",
  accept: "Acceptă tot",
  reject: "Respinge tot",
  custom: "Personalizează",
  prefs: "Preferințe cookie-uri",
  intro: "Alegeți ce cookie-uri permiteți. Cookie-urile necesare asigură funcționarea site-ului și nu pot fi dezactivate.",
  save: "Salvează alegerile",
  close: "Închide",
  on: "Mereu active",
  cookies: "Cookie-uri",
  name: "Nume",
  purpose: "Scop",
  duration: "Durată",
  provider: "Furnizor",
  revised: "Am actualizat: {0}. Vă rugăm să vă revizuiți alegerea.",
  gpc: "Semnalul dvs. de refuz (opt-out) a fost respectat.",
  notice: "Continuând navigarea pe site-ul nostru, sunteți de acord cu utilizarea cookie-urilor și cu următoarele: {0}. Vă puteți modifica oricând setările cookie-urilor.",
  agree: "Sunt de acord",
  settings: "Setări cookie-uri",
  blocked: "{0} este blocat până când permiteți {1}.",
  allow: "Permite {0}",
  content: "Acest conținut",
} satisfies Texts;
