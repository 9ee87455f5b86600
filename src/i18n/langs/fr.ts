// French
import type { Texts } from '../en.js';

export default {
  title: "Votre vie privée",
  body: "Nous utilisons des cookies et des technologies similaires. Certains sont nécessaires au fonctionnement de ce site ; les autres ne sont utilisés qu’avec votre accord. Vous pouvez modifier votre choix à tout moment.",
  accept: "Tout accepter",
  reject: "Tout refuser",
  custom: "Personnaliser",
  prefs: "Préférences de cookies",
  intro: "Choisissez les cookies que vous autorisez. Les cookies nécessaires assurent le fonctionnement du site et ne peuvent pas être désactivés.",
  save: "Enregistrer mes choix",
  close: "Fermer",
  on: "Toujours actifs",
  cookies: "Cookies",
  name: "Nom",
  purpose: "Finalité",
  duration: "Durée",
  provider: "Fournisseur",
  revised: "Nous avons mis à jour : {0}. Veuillez revoir votre choix.",
  gpc: "Votre signal de préférence de refus a été respecté.",
  notice: "En poursuivant votre navigation sur notre site, vous acceptez notre utilisation des cookies ainsi que : {0}. Vous pouvez modifier vos paramètres de cookies à tout moment.",
  agree: "J’accepte",
  settings: "Paramètres des cookies",
  blocked: "{0} est bloqué tant que vous n’autorisez pas {1}.",
  allow: "Autoriser {0}",
  content: "Ce contenu",
} satisfies Texts;
