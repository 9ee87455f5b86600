// Finnish
import type { Texts } from '../en.js';

export default {
  title: "Yksityisyytesi",
  body: "Käytämme evästeitä ja vastaavia tekniikoita. Osa niistä on välttämättömiä sivuston toiminnalle; muita käytetään vain luvallasi. Voit muuttaa valintaasi milloin tahansa.",
  accept: "Hyväksy kaikki",
  reject: "Hylkää kaikki",
  custom: "Mukauta",
  prefs: "Evästeasetukset",
  intro: "Valitse, mitkä evästeet sallit. Välttämättömät evästeet pitävät sivuston toiminnassa, eikä niitä voi poistaa käytöstä.",
  save: "Tallenna valinnat",
  close: "Sulje",
  on: "Aina käytössä",
  cookies: "Evästeet",
  name: "Nimi",
  purpose: "Tarkoitus",
  duration: "Kesto",
  provider: "Palveluntarjoaja",
  revised: "Olemme päivittäneet: {0}. Tarkista valintasi.",
  gpc: "Kieltäytymistä ilmaiseva signaalisi on otettu huomioon.",
  notice: "Jatkamalla sivustomme selaamista hyväksyt evästeiden käytön sekä seuraavat: {0}. Voit muuttaa evästeasetuksiasi milloin tahansa.",
  agree: "Hyväksyn",
  settings: "Evästeasetukset",
  blocked: "{0} on estetty, kunnes sallit: {1}.",
  allow: "Salli {0}",
  content: "Tämä sisältö",
} satisfies Texts;
