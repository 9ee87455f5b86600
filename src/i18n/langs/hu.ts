// Hungarian
import type { Texts } from '../en.js';

export default {
  title: "Az Ön adatvédelme",
  body: "Sütiket és hasonló technológiákat használunk. Némelyikük szükséges az oldal működéséhez; a többit csak az Ön engedélyével használjuk. Döntését bármikor módosíthatja.",
  accept: "Összes elfogadása",
  reject: "Összes elutasítása",
  custom: "Testreszabás",
  prefs: "Sütibeállítások",
  intro: "Válassza ki, mely sütiket engedélyezi. A szükséges sütik biztosítják az oldal működését, és nem kapcsolhatók ki.",
  save: "Választás mentése",
  close: "Bezárás",
  on: "Mindig bekapcsolva",
  cookies: "Sütik",
  name: "Név",
  purpose: "Cél",
  duration: "Időtartam",
  provider: "Szolgáltató",
  revised: "Frissítettük a következőt: {0}. Kérjük, tekintse át döntését.",
  gpc: "Figyelembe vettük a letiltási preferenciajelzését.",
  notice: "Az oldal további böngészésével elfogadja, hogy sütiket használunk, valamint a következőket: {0}. Sütibeállításait bármikor módosíthatja.",
  agree: "Elfogadom",
  settings: "Sütibeállítások",
  blocked: "{0} le van tiltva, amíg nem engedélyezi: {1}.",
  allow: "Engedélyezés: {0}",
  content: "Ez a tartalom",
} satisfies Texts;
