// Lithuanian
import type { Texts } from '../en.js';

export default {
  title: "Jūsų privatumas",
  body: "Naudojame slapukus ir panašias technologijas. Kai kurie būtini, kad ši svetainė veiktų; kiti naudojami tik jums leidus. Savo pasirinkimą galite bet kada pakeisti.",
  accept: "Priimti visus",
  reject: "Atmesti visus",
  custom: "Tinkinti",
  prefs: "Slapukų nuostatos",
  intro: "Pasirinkite, kuriuos slapukus leidžiate. Būtinieji slapukai užtikrina svetainės veikimą, jų išjungti negalima.",
  save: "Išsaugoti pasirinkimą",
  close: "Uždaryti",
  on: "Visada įjungti",
  cookies: "Slapukai",
  name: "Pavadinimas",
  purpose: "Paskirtis",
  duration: "Trukmė",
  provider: "Teikėjas",
  revised: "Atnaujinome: {0}. Peržiūrėkite savo pasirinkimą.",
  gpc: "Atsižvelgta į jūsų atsisakymo nuostatos signalą.",
  notice: "Toliau naršydami mūsų svetainėje sutinkate, kad naudotume slapukus, ir sutinkate su: {0}. Slapukų nustatymus galite bet kada pakeisti.",
  agree: "Sutinku",
  settings: "Slapukų nustatymai",
  blocked: "{0} užblokuotas, kol neleisite: {1}.",
  allow: "Leisti: {0}",
  content: "Šis turinys",
} satisfies Texts;
