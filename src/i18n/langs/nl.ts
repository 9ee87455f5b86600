// Dutch
import type { Texts } from '../en.js';

export default {
  title: "Uw privacy",
  body: "Wij gebruiken cookies en vergelijkbare technieken. Sommige zijn nodig om deze site te laten werken; de andere gebruiken we alleen met uw toestemming. U kunt uw keuze altijd wijzigen.",
  accept: "Alles accepteren",
  reject: "Alles weigeren",
  custom: "Aanpassen",
  prefs: "Cookievoorkeuren",
  intro: "Kies welke cookies u toestaat. Noodzakelijke cookies houden de site werkend en kunnen niet worden uitgeschakeld.",
  save: "Keuze opslaan",
  close: "Sluiten",
  on: "Altijd aan",
  cookies: "Cookies",
  name: "Naam",
  purpose: "Doel",
  duration: "Looptijd",
  provider: "Aanbieder",
  revised: "We hebben het volgende bijgewerkt: {0}. Bekijk uw keuze opnieuw.",
  gpc: "Uw opt-out-voorkeurssignaal is gerespecteerd.",
  notice: "Door verder te surfen op onze site gaat u akkoord met ons gebruik van cookies en met het volgende: {0}. U kunt uw cookie-instellingen altijd wijzigen.",
  agree: "Ik ga akkoord",
  settings: "Cookie-instellingen",
  blocked: "{0} is geblokkeerd totdat u {1} toestaat.",
  allow: "{0} toestaan",
  content: "Deze inhoud",
} satisfies Texts;
