// Swedish
import type { Texts } from '../en.js';

export default {
  title: "Din integritet",
  body: "Vi använder kakor och liknande tekniker. Vissa behövs för att webbplatsen ska fungera; övriga används bara om du tillåter dem. Du kan ändra ditt val när som helst.",
  accept: "Godkänn alla",
  reject: "Avvisa alla",
  custom: "Anpassa",
  prefs: "Inställningar för kakor",
  intro: "Välj vilka kakor du tillåter. Nödvändiga kakor håller webbplatsen igång och kan inte stängas av.",
  save: "Spara val",
  close: "Stäng",
  on: "Alltid på",
  cookies: "Kakor",
  name: "Namn",
  purpose: "Syfte",
  duration: "Lagringstid",
  provider: "Leverantör",
  revised: "Vi har uppdaterat: {0}. Se över ditt val.",
  gpc: "Din opt-out-signal har respekterats.",
  notice: "Genom att fortsätta använda vår webbplats godkänner du vår användning av kakor och följande: {0}. Du kan när som helst ändra dina inställningar för kakor.",
  agree: "Jag godkänner",
  settings: "Inställningar för kakor",
  blocked: "{0} är blockerat tills du tillåter {1}.",
  allow: "Tillåt {0}",
  content: "Det här innehållet",
} satisfies Texts;
