// German
import type { Texts } from '../en.js';

export default {
  title: "Ihre Privatsphäre",
  body: "Wir verwenden Cookies und ähnliche Technologien. Einige sind für den Betrieb dieser Website nötig; die anderen werden nur mit Ihrer Erlaubnis verwendet. Sie können Ihre Wahl jederzeit ändern.",
  accept: "Alle akzeptieren",
  reject: "Alle ablehnen",
  custom: "Anpassen",
  prefs: "Cookie-Einstellungen",
  intro: "Wählen Sie, welche Cookies Sie erlauben. Notwendige Cookies halten die Website am Laufen und können nicht deaktiviert werden.",
  save: "Auswahl speichern",
  close: "Schließen",
  on: "Immer aktiv",
  cookies: "Cookies",
  name: "Name",
  purpose: "Zweck",
  duration: "Dauer",
  provider: "Anbieter",
  revised: "Wir haben Folgendes aktualisiert: {0}. Bitte überprüfen Sie Ihre Wahl.",
  gpc: "Ihr Opt-out-Präferenzsignal wurde berücksichtigt.",
  notice: "Mit der weiteren Nutzung unserer Website stimmen Sie der Verwendung von Cookies und folgenden Dokumenten zu: {0}. Sie können Ihre Cookie-Einstellungen jederzeit ändern.",
  agree: "Ich stimme zu",
  settings: "Cookie-Einstellungen",
  blocked: "{0} ist blockiert, bis Sie {1} erlauben.",
  allow: "{0} erlauben",
  content: "Dieser Inhalt",
} satisfies Texts;
