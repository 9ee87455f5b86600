// Italian
import type { Texts } from '../en.js';

export default {
  title: "La tua privacy",
  body: "Utilizziamo cookie e tecnologie simili. Alcuni sono necessari per il funzionamento di questo sito; gli altri vengono usati solo con il tuo consenso. Puoi modificare la tua scelta in qualsiasi momento.",
  accept: "Accetta tutti",
  reject: "Rifiuta tutti",
  custom: "Personalizza",
  prefs: "Preferenze cookie",
  intro: "Scegli quali cookie consentire. I cookie necessari fanno funzionare il sito e non possono essere disattivati.",
  save: "Salva le scelte",
  close: "Chiudi",
  on: "Sempre attivi",
  cookies: "Cookie",
  name: "Nome",
  purpose: "Finalità",
  duration: "Durata",
  provider: "Fornitore",
  revised: "Abbiamo aggiornato: {0}. Ti preghiamo di rivedere la tua scelta.",
  gpc: "Il tuo segnale di preferenza di opt-out è stato rispettato.",
  notice: "Continuando a navigare sul nostro sito accetti il nostro uso dei cookie e quanto segue: {0}. Puoi modificare le impostazioni dei cookie in qualsiasi momento.",
  agree: "Accetto",
  settings: "Impostazioni cookie",
  blocked: "{0} è bloccato finché non consenti {1}.",
  allow: "Consenti {0}",
  content: "Questo contenuto",
} satisfies Texts;
