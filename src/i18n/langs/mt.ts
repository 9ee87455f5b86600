// Maltese
import type { Texts } from '../en.js';

export default {
  title: "Il-privatezza tiegħek",
  body: "Nużaw cookies u teknoloġiji simili. Uħud huma meħtieġa biex dan is-sit jaħdem; l-oħrajn jintużaw biss bil-permess tiegħek. Tista’ tbiddel l-għażla tiegħek fi kwalunkwe ħin.",
  accept: "Aċċetta kollox",
  reject: "Irrifjuta kollox",
  custom: "Personalizza",
  prefs: "Preferenzi tal-cookies",
  intro: "Agħżel liema cookies tippermetti. Il-cookies meħtieġa jżommu s-sit jaħdem u ma jistgħux jintfew.",
  save: "Issejvja l-għażliet",
  close: "Agħlaq",
  on: "Dejjem attivi",
  cookies: "Cookies",
  name: "Isem",
  purpose: "Skop",
  duration: "Tul ta’ żmien",
  provider: "Fornitur",
  revised: "Aġġornajna: {0}. Jekk jogħġbok irrevedi l-għażla tiegħek.",
  gpc: "Is-sinjal tiegħek ta’ preferenza ta’ rinunzja (opt-out) ġie rispettat.",
  notice: "Billi tkompli tibbrawżja s-sit tagħna, taqbel mal-użu tagħna tal-cookies u ma’ dan li ġej: {0}. Tista’ tbiddel is-settings tal-cookies fi kwalunkwe ħin.",
  agree: "Naqbel",
  settings: "Settings tal-cookies",
  blocked: "{0} huwa mblukkat sakemm tippermetti {1}.",
  allow: "Ippermetti {0}",
  content: "Dan il-kontenut",
} satisfies Texts;
