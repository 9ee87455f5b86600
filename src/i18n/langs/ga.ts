// Irish
import type { Texts } from '../en.js';

export default {
  title: "Do phríobháideachas",
  body: "Úsáidimid fianáin agus teicneolaíochtaí comhchosúla. Tá cuid acu riachtanach chun go n-oibreoidh an suíomh seo; ní úsáidtear na cinn eile ach le do chead. Is féidir leat do rogha a athrú am ar bith.",
  accept: "Glac le gach ceann",
  reject: "Diúltaigh do gach ceann",
  custom: "Saincheap",
  prefs: "Roghanna fianán",
  intro: "Roghnaigh na fianáin a cheadaíonn tú. Coinníonn fianáin riachtanacha an suíomh ag obair agus ní féidir iad a mhúchadh.",
  save: "Sábháil roghanna",
  close: "Dún",
  on: "Ar siúl i gcónaí",
  cookies: "Fianáin",
  name: "Ainm",
  purpose: "Cuspóir",
  duration: "Fad",
  provider: "Soláthraí",
  revised: "Tá an méid seo a leanas nuashonraithe againn: {0}. Athbhreithnigh do rogha, le do thoil.",
  gpc: "Tugadh aird ar do chomhartha roghnaithe diúltaithe.",
  notice: "Má leanann tú ar aghaidh ag brabhsáil ar ár suíomh, aontaíonn tú lenár n-úsáid fianán agus leis an méid seo a leanas: {0}. Is féidir leat do shocruithe fianán a athrú am ar bith.",
  agree: "Aontaím",
  settings: "Socruithe fianán",
  blocked: "Tá {0} blocáilte go dtí go gceadaíonn tú {1}.",
  allow: "Ceadaigh {0}",
  content: "an t-ábhar seo",
} satisfies Texts;
