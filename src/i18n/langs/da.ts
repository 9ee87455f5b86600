// Danish
import type { Texts } from '../en.js';

export default {
  title: "Dit privatliv",
  body: "Vi bruger cookies og lignende teknologier. Nogle er nødvendige, for at sitet fungerer; de andre bruges kun, hvis du tillader dem. Du kan til enhver tid ændre dit valg.",
  accept: "Accepter alle",
  reject: "Afvis alle",
  custom: "Tilpas",
  prefs: "Cookieindstillinger",
  intro: "Vælg, hvilke cookies du tillader. Nødvendige cookies holder sitet kørende og kan ikke slås fra.",
  save: "Gem valg",
  close: "Luk",
  on: "Altid aktiv",
  cookies: "Cookies",
  name: "Navn",
  purpose: "Formål",
  duration: "Varighed",
  provider: "Udbyder",
  revised: "Vi har opdateret: {0}. Gennemgå venligst dit valg.",
  gpc: "Dit opt-out-præferencesignal er blevet respekteret.",
  notice: "Ved at fortsætte med at bruge vores site accepterer du vores brug af cookies og følgende: {0}. Du kan til enhver tid ændre dine cookieindstillinger.",
  agree: "Jeg accepterer",
  settings: "Cookieindstillinger",
  blocked: "{0} er blokeret, indtil du tillader {1}.",
  allow: "Tillad {0}",
  content: "Dette indhold",
} satisfies Texts;
