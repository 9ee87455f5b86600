// Portuguese (Brazil)
import type { Texts } from '../en.js';

export default {
  title: "Sua privacidade",
  body: "Usamos cookies e tecnologias semelhantes. Alguns são necessários para o funcionamento deste site; os demais só são usados com a sua permissão. Você pode mudar sua escolha a qualquer momento.",
  accept: "Aceitar todos",
  reject: "Rejeitar todos",
  custom: "Personalizar",
  prefs: "Preferências de cookies",
  intro: "Escolha quais cookies você permite. Os cookies necessários mantêm o site funcionando e não podem ser desativados.",
  save: "Salvar escolhas",
  close: "Fechar",
  on: "Sempre ativos",
  cookies: "Cookies",
  name: "Nome",
  purpose: "Finalidade",
  duration: "Duração",
  provider: "Provedor",
  revised: "Atualizamos: {0}. Revise sua escolha.",
  gpc: "Seu sinal de preferência de exclusão foi respeitado.",
  notice: "Ao continuar navegando em nosso site, você concorda com o uso de cookies e com o seguinte: {0}. Você pode alterar suas configurações de cookies a qualquer momento.",
  agree: "Eu concordo",
  settings: "Configurações de cookies",
  blocked: "{0} está bloqueado até você permitir {1}.",
  allow: "Permitir {0}",
  content: "Este conteúdo",
} satisfies Texts;
