// Croatian
import type { Texts } from '../en.js';

export default {
  title: "Vaša privatnost",
  body: "Koristimo kolačiće i slične tehnologije. Neki su nužni za rad ove stranice; ostali se koriste samo uz vaše dopuštenje. Svoj izbor možete promijeniti u bilo kojem trenutku.",
  accept: "Prihvati sve",
  reject: "Odbij sve",
  custom: "Prilagodi",
  prefs: "Postavke kolačića",
  intro: "Odaberite koje kolačiće dopuštate. Nužni kolačići održavaju rad stranice i ne mogu se isključiti.",
  save: "Spremi odabir",
  close: "Zatvori",
  on: "Uvijek uključeno",
  cookies: "Kolačići",
  name: "Naziv",
  purpose: "Svrha",
  duration: "Trajanje",
  provider: "Pružatelj",
  revised: "Ažurirali smo: {0}. Molimo pregledajte svoj izbor.",
  gpc: "Vaš signal za odbijanje (opt-out) je poštovan.",
  notice: "Nastavkom pregledavanja naše stranice pristajete na našu upotrebu kolačića i na sljedeće: {0}. Postavke kolačića možete promijeniti u bilo kojem trenutku.",
  agree: "Slažem se",
  settings: "Postavke kolačića",
  blocked: "{0} – blokirano dok ne dopustite: {1}.",
  allow: "Dopusti: {0}",
  content: "Ovaj sadržaj",
} satisfies Texts;
