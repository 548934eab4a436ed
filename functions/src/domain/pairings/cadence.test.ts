import fc from 'fast-check';

import { type Cadence, CADENCES } from '../../contracts/common';
import { type CadencePreference, chooseCadence } from './cadence';

describe('chooseCadence', () => {
  it.each<[string, CadencePreference[], Cadence, Cadence, string]>([
    ['both chose the program default', ['weekly', 'weekly'], 'weekly', 'weekly', 'program-default'],
    [
      'both chose monthly in a weekly program',
      ['monthly', 'monthly'],
      'weekly',
      'monthly',
      'shared-preference',
    ],
    [
      'lists: the default is among the common ones',
      [['weekly', 'monthly'], 'any'],
      'monthly',
      'monthly',
      'program-default',
    ],
    [
      'lists: the most frequent common one',
      [
        ['biweekly', 'monthly'],
        ['weekly', 'biweekly', 'monthly'],
      ],
      'weekly',
      'biweekly',
      'shared-preference',
    ],
    ['any and any: the default', ['any', 'any'], 'biweekly', 'biweekly', 'program-default'],
    [
      'a triad: common to all three',
      ['any', ['weekly', 'monthly'], 'monthly'],
      'weekly',
      'monthly',
      'shared-preference',
    ],
    [
      'no common rhythm (an admin override): the default, said so',
      ['weekly', 'monthly'],
      'biweekly',
      'biweekly',
      'no-common-preference',
    ],
  ])('%s', (_name, preferences, programDefault, cadence, basis) => {
    expect(chooseCadence(preferences, programDefault)).toEqual({
      cadence,
      reason: { kind: 'cadence', data: { cadence, basis } },
    });
  });

  it('always picks a cadence every member accepts when they have one in common', () => {
    const preference = fc.oneof(
      fc.constant<CadencePreference>('any'),
      fc.constantFrom<CadencePreference>(...CADENCES),
      fc.subarray([...CADENCES], { minLength: 1 }),
    );
    fc.assert(
      fc.property(
        fc.array(preference, { minLength: 2, maxLength: 3 }),
        fc.constantFrom(...CADENCES),
        (prefs, def) => {
          const accepts = (p: CadencePreference, c: Cadence) =>
            p === 'any' || (typeof p === 'string' ? p === c : p.includes(c));
          const { cadence, reason } = chooseCadence(prefs, def);
          const common = CADENCES.filter((c) => prefs.every((p) => accepts(p, c)));
          if (common.length === 0)
            expect([cadence, reason.data.basis]).toEqual([def, 'no-common-preference']);
          else {
            expect(prefs.every((p) => accepts(p, cadence))).toBe(true);
            if (common.includes(def)) expect(cadence).toBe(def);
            else expect(cadence).toBe(common[0]);
          }
        },
      ),
    );
  });
});
