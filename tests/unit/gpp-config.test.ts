import { describe, expect, test } from 'vitest';
import { checkGpp } from '../../src/iab/gpp/config';
import { checkedGpp, checkedTcf, checkWith } from '../../src/iab/dropin/config';
import { explain } from '../../src/iab/dropin/errors';

const optional = ['analytics', 'marketing'];

describe('checkGpp', () => {
  test('fills in the defaults: national sections, every opt-out on marketing, no MSPA, the TCF CMP id', () => {
    expect(checkGpp({}, optional, { cmpId: 123, cmpVersion: 4 })).toEqual({
      problems: [],
      gpp: {
        sections: 'national', optOuts: { sale: ['marketing'], sharing: ['marketing'], targetedAdvertising: ['marketing'] },
        mspa: { covered: false, mode: null }, fields: {}, cmpId: 123, cmpVersion: 4,
      },
    });
    expect(checkGpp(true, optional).gpp).toMatchObject({ cmpId: 0, cmpVersion: 1 });
  });

  test('keeps the example of the interface, and a covered transaction\'s mode', () => {
    const { gpp } = checkGpp({ sections: 'state', optOuts: { sale: ['marketing'], sharing: ['marketing'], targetedAdvertising: ['marketing', 'analytics'] }, mspa: { covered: true } }, optional);
    expect(gpp).toMatchObject({ sections: 'state', optOuts: { targetedAdvertising: ['marketing', 'analytics'] }, mspa: { covered: true, mode: 'opt-out' } });
    expect(checkGpp({ mspa: { covered: true, mode: 'service-provider' } }, optional).gpp?.mspa).toEqual({ covered: true, mode: 'service-provider' });
  });

  test('names each bad field', () => {
    expect(checkGpp({ sections: 'county', optOuts: { sale: ['ads'], selling: [] }, mspa: { covered: 'yes', mode: 'x' }, fields: { SaleOptOut: 2, SensitiveDataProcessing: [3] }, cmpId: -1, colour: 1 }, optional).problems).toEqual([
      'gpp.colour: unknown key',
      'gpp.sections: expected "national" or "state", got "county"',
      'gpp.optOuts.sale[0]: expected an optional category of this config ("analytics", "marketing"), got "ads"',
      'gpp.optOuts.selling: unknown key (expected one of sale, sharing, targetedAdvertising)',
      'gpp.mspa.covered: expected true or false, got "yes"',
      'gpp.mspa.mode: expected "opt-out" or "service-provider", got "x"',
      'gpp.mspa.mode: expected no mode unless "covered" is true, got "x"',
      expect.stringMatching(/^gpp\.fields\.SaleOptOut: unknown field \(the decision and `mspa` set the others/),
      'gpp.fields.SensitiveDataProcessing: expected 0, 1, 2 or a list of them, got an array',
      'gpp.cmpId: expected an integer from 0 to 4095 (the CMP id IAB registered for your CMP), got -1',
    ]);
    expect(checkGpp('yes', optional).problems).toEqual(['gpp: expected an object (or true), got "yes"']);
  });

  test('needs an opt-out mapped to a category: a config without marketing names optOuts', () => {
    expect(checkGpp({}, ['analytics']).problems).toEqual(['gpp.optOuts: expected at least one opt-out mapped to a category (the config has no "marketing"), got undefined']);
    expect(checkGpp({ optOuts: { sale: ['analytics'] } }, ['analytics']).gpp?.optOuts).toEqual({ sale: ['analytics'], sharing: [], targetedAdvertising: [] });
  });
});

describe('the iab drop-in\'s check with gpp', () => {
  const categories = { necessary: { required: true }, marketing: {} };

  test('a config with gpp and no tcf is valid, and asks for no TCF', () => {
    const { config, problems } = checkWith({ categories, gpp: { sections: 'state' } }, undefined);
    expect(problems).toEqual([]);
    expect(config).toBeDefined();
    expect(checkedTcf()).toBeUndefined();
    expect(checkedGpp()?.sections).toBe('state');
  });

  test('fails closed on a bad gpp, naming the field in the errors chunk\'s words; and without tcf or gpp', () => {
    const bad = checkWith({ categories, gpp: { sections: 1 } }, undefined);
    expect(bad.config).toBeUndefined();
    expect(bad.problems.map(explain)).toEqual(['gpp.sections: expected "national" or "state", got 1']);
    const both = checkWith({ categories, tcf: { cmpId: 123, cmpVersion: 1 }, gpp: { optOuts: 1 } }, undefined);
    expect([both.config, both.problems.map(explain)]).toEqual([undefined, ['gpp.optOuts: expected an object of opt-out → category ids, got 1']]);
    const neither = checkWith({ categories }, undefined);
    expect([neither.config, neither.problems.map(explain)]).toEqual([undefined, ['tcf: expected an object with cmpId and cmpVersion, got undefined']]);
    // The core's problems keep the core's words.
    expect(checkWith({ categories, mdoe: 1, gpp: {} }, undefined).problems.map(explain)).toEqual(['mdoe: unknown key (did you mean "mode"?)']);
  });

  test('with tcf and gpp, the GPP CMP id defaults to the TCF one', () => {
    expect(checkWith({ categories, tcf: { cmpId: 123, cmpVersion: 2 }, gpp: {} }, undefined).config).toBeDefined();
    expect([checkedTcf()?.cmpId, checkedGpp()?.cmpId, checkedGpp()?.cmpVersion]).toEqual([123, 123, 2]);
  });
});
