// Portuguese (Portugal)
import type { Texts } from '../en.js';

export default {
  title: "A sua privacidade",
  body: "Utilizamos cookies e tecnologias semelhantes. Alguns são necessários para o funcionamento deste site; os restantes só são utilizados com a sua autorização. Pode alterar a sua escolha a qualquer momento.",
  accept: "Aceitar todos",
  reject: "Rejeitar todos",
  custom: "Personalizar",
  prefs: "Preferências de cookies",
  intro: "Escolha os cookies que permite. Os cookies necessários mantêm o site a funcionar e não podem ser desativados.",
  save: "Guardar escolhas",
  close: "Fechar",
  on: "Sempre ativos",
  cookies: "Cookies",
  name: "Nome",
  purpose: "Finalidade",
  duration: "Duração",
  provider: "Fornecedor",
  revised: "Atualizámos: {0}. Reveja a sua escolha.",
  gpc: "O seu sinal de preferência de exclusão foi respeitado.",
  notice: "Ao continuar a navegar no nosso site, aceita a nossa utilização de cookies e o seguinte: {0}. Pode alterar as definições de cookies a qualquer momento.",
  agree: "Concordo",
  settings: "Definições de cookies",
  blocked: "{0} está bloqueado até que permita {1}.",
  allow: "Permitir {0}",
  content: "Este conteúdo",
} satisfies Texts;
