// Estonian
import type { Texts } from '../en.js';

export default {
  title: "Teie privaatsus",
  body: "Kasutame küpsiseid ja sarnaseid tehnoloogiaid. Mõned on vajalikud selle saidi toimimiseks; ülejäänuid kasutame ainult teie loal. Saate oma valikut igal ajal muuta.",
  accept: "Nõustu kõigiga",
  reject: "Keeldu kõigist",
  custom: "Kohanda",
  prefs: "Küpsiste eelistused",
  intro: "Valige, milliseid küpsiseid lubate. Vajalikud küpsised hoiavad saidi töös ja neid ei saa välja lülitada.",
  save: "Salvesta valikud",
  close: "Sulge",
  on: "Alati sees",
  cookies: "Küpsised",
  name: "Nimi",
  purpose: "Eesmärk",
  duration: "Kestus",
  provider: "Pakkuja",
  revised: "Oleme uuendanud: {0}. Palun vaadake oma valik üle.",
  gpc: "Teie loobumise eelistuse signaali on arvestatud.",
  notice: "Meie saidi sirvimist jätkates nõustute küpsiste kasutamisega ja järgmisega: {0}. Saate küpsiste seadeid igal ajal muuta.",
  agree: "Nõustun",
  settings: "Küpsiste seaded",
  blocked: "{0} on blokeeritud, kuni lubate: {1}.",
  allow: "Luba {0}",
  content: "See sisu",
} satisfies Texts;
