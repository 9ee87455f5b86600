// Norwegian (Bokmål)
import type { Texts } from '../en.js';

export default {
  title: "Ditt personvern",
  body: "Vi bruker informasjonskapsler og lignende teknologier. Noen er nødvendige for at nettstedet skal fungere; de andre brukes bare hvis du tillater det. Du kan endre valget ditt når som helst.",
  accept: "Godta alle",
  reject: "Avvis alle",
  custom: "Tilpass",
  prefs: "Innstillinger for informasjonskapsler",
  intro: "Velg hvilke informasjonskapsler du tillater. Nødvendige informasjonskapsler holder nettstedet i gang og kan ikke slås av.",
  save: "Lagre valg",
  close: "Lukk",
  on: "Alltid på",
  cookies: "Informasjonskapsler",
  name: "Navn",
  purpose: "Formål",
  duration: "Varighet",
  provider: "Leverandør",
  revised: "Vi har oppdatert: {0}. Se gjennom valget ditt.",
  gpc: "Reservasjonssignalet ditt (opt-out) ble respektert.",
  notice: "Ved å fortsette å bruke nettstedet vårt godtar du vår bruk av informasjonskapsler og følgende: {0}. Du kan når som helst endre innstillingene for informasjonskapsler.",
  agree: "Jeg godtar",
  settings: "Informasjonskapsler",
  blocked: "{0} er blokkert til du tillater {1}.",
  allow: "Tillat {0}",
  content: "Dette innholdet",
} satisfies Texts;
