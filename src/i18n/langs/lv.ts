// Latvian
import type { Texts } from '../en.js';

export default {
  title: "Jūsu privātums",
  body: "Mēs izmantojam sīkdatnes un līdzīgas tehnoloģijas. Dažas ir nepieciešamas šīs vietnes darbībai; pārējās tiek izmantotas tikai ar jūsu atļauju. Savu izvēli varat mainīt jebkurā laikā.",
  accept: "Pieņemt visas",
  reject: "Noraidīt visas",
  custom: "Pielāgot",
  prefs: "Sīkdatņu preferences",
  intro: "Izvēlieties, kuras sīkdatnes atļaujat. Nepieciešamās sīkdatnes nodrošina vietnes darbību, un tās nevar izslēgt.",
  save: "Saglabāt izvēli",
  close: "Aizvērt",
  on: "Vienmēr ieslēgtas",
  cookies: "Sīkdatnes",
  name: "Nosaukums",
  purpose: "Mērķis",
  duration: "Ilgums",
  provider: "Nodrošinātājs",
  revised: "Mēs esam atjauninājuši: {0}. Lūdzu, pārskatiet savu izvēli.",
  gpc: "Jūsu atteikšanās preferences signāls ir ievērots.",
  notice: "Turpinot pārlūkot mūsu vietni, jūs piekrītat sīkdatņu izmantošanai un šim: {0}. Sīkdatņu iestatījumus varat mainīt jebkurā laikā.",
  agree: "Piekrītu",
  settings: "Sīkdatņu iestatījumi",
  blocked: "{0} ir bloķēts, līdz atļausiet: {1}.",
  allow: "Atļaut: {0}",
  content: "Šis saturs",
} satisfies Texts;
