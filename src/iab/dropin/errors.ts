/**
 * The iab build's errors chunk (`consent-gate.iab-errors.js`, where the other builds fetch
 * `consent-gate.errors.js`): the words of every config problem the iab tag reports, the core's
 * and those of `tcf` and `gpp` (src/iab/words.ts), fetched only when a config is invalid.
 */
import { explain as explainCore } from '../../core/config-messages.js';
import type { Problem } from '../../core/config.js';
import { explainIab, type IabProblem } from '../words.js';

/**
 * The message for one problem of the iab tag's check, its path first.
 *
 * @example explain(['gpp.sections', ['national', 'state'], 1]) // 'gpp.sections: expected "national" or "state", got 1'
 */
export const explain = (p: Problem | IabProblem): string => (/^(tcf|gpp)\b/.test(p[0]) ? explainIab(p as IabProblem) : explainCore(p as Problem));
