// Slovenian
import type { Texts } from '../en.js';

export default {
  title: "Vaša zasebnost",
  body: "Uporabljamo piškotke in podobne tehnologije. Nekateri so nujni za delovanje tega spletnega mesta; drugi se uporabljajo le z vašim dovoljenjem. Svojo izbiro lahko kadar koli spremenite.",
  accept: "Sprejmi vse",
  reject: "Zavrni vse",
  custom: "Prilagodi",
  prefs: "Nastavitve piškotkov",
  intro: "Izberite, katere piškotke dovolite. Nujni piškotki skrbijo za delovanje spletnega mesta in jih ni mogoče izklopiti.",
  save: "Shrani izbiro",
  close: "Zapri",
  on: "Vedno vklopljeno",
  cookies: "Piškotki",
  name: "Ime",
  purpose: "Namen",
  duration: "Trajanje",
  provider: "Ponudnik",
  revised: "Posodobili smo: {0}. Preglejte svojo izbiro.",
  gpc: "Upoštevali smo vaš signal za zavrnitev (opt-out).",
  notice: "Z nadaljnjim brskanjem po našem spletnem mestu soglašate z našo uporabo piškotkov in z naslednjim: {0}. Nastavitve piškotkov lahko kadar koli spremenite.",
  agree: "Strinjam se",
  settings: "Nastavitve piškotkov",
  blocked: "{0} – blokirano, dokler ne dovolite: {1}.",
  allow: "Dovoli: {0}",
  content: "Ta vsebina",
} satisfies Texts;
