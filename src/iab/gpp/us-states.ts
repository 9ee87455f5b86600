/** The US states' own section classes (`"sections": "state"`), one chunk for all twenty: only US-state visitors of such a site load it. */
import { UsCa, UsCo, UsCt, UsDe, UsFl, UsIa, UsIn, UsKy, UsMd, UsMn, UsMt, UsNe, UsNh, UsNj, UsOr, UsRi, UsTn, UsTx, UsUt, UsVa } from '@iabgpp/cmpapi';
import type { SectionClass } from './model.js';

/** Section name (`usca`) → class. */
const states: Record<string, SectionClass> = Object.fromEntries(
  [UsCa, UsVa, UsCo, UsUt, UsCt, UsFl, UsMt, UsOr, UsTx, UsDe, UsIa, UsNe, UsNh, UsNj, UsTn, UsMn, UsMd, UsIn, UsKy, UsRi].map((C) => [C.NAME, C]),
);
export default states;
