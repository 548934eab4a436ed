import fc from 'fast-check';

import { SKIP_CATEGORIES, type SkipCategory } from '../../contracts/common';
import { type PairingDocument } from '../model';
import { MIN_SKIPS_SHOWN, summariseSkips } from './skip-summary';

const at = '2027-03-10T10:00:00.000Z';
type Skips = Pick<PairingDocument, 'skippedBy' | 'skips'>;
/** One pairing where each listed member skipped with the category given (null: before reasons were asked). */
const pairing = (...skips: Array<[string, SkipCategory | null]>): Skips => ({
  skippedBy: skips.map(([userId]) => userId),
  skips: skips.flatMap(([userId, category]) =>
    category ? [{ userId, category, note: `private note of ${userId}`, at }] : [],
  ),
});

describe('summariseSkips', () => {
  it.each<[string, Skips[], number, Record<SkipCategory, number> | null]>([
    ['no skips', [pairing()], 0, null],
    ['one skip: the total only', [pairing(['a', 'away'])], 1, null],
    [
      'four skips with reasons: still the total only',
      [pairing(['a', 'away'], ['b', 'too-busy']), pairing(['c', 'away']), pairing(['d', 'not-a-fit'])],
      4,
      null,
    ],
    [
      'five skips with reasons: counted per category',
      [
        pairing(['a', 'away'], ['b', 'too-busy']),
        pairing(['c', 'away']),
        pairing(['d', 'not-a-fit']),
        pairing(['e', 'away']),
      ],
      5,
      { 'too-busy': 1, away: 3, 'not-a-fit': 1, other: 0 },
    ],
    [
      'skips from before reasons were asked count in the total, not towards the threshold',
      [pairing(['a', 'away'], ['b', null]), pairing(['c', 'other'], ['d', null]), pairing(['e', 'other'])],
      5,
      null,
    ],
    [
      'six skips, one without a reason: five with reasons are counted',
      [
        pairing(['a', 'other'], ['b', null]),
        pairing(['c', 'other'], ['d', 'too-busy']),
        pairing(['e', 'too-busy'], ['f', 'other']),
      ],
      6,
      { 'too-busy': 2, away: 0, 'not-a-fit': 0, other: 3 },
    ],
  ])('%s', (_name, pairings, total, byCategory) => {
    expect(summariseSkips(pairings)).toEqual({ total, byCategory });
  });

  it('never counts categories below the threshold, never carries a note, and always counts every skip', () => {
    const member = fc.tuple(fc.uuid(), fc.option(fc.constantFrom(...SKIP_CATEGORIES), { nil: null }));
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(member, { maxLength: 3, selector: ([id]) => id })), (raw) => {
        const pairings = raw.map((skips) => pairing(...skips));
        const summary = summariseSkips(pairings);
        const withReason = raw.flat().filter(([, category]) => category !== null).length;
        expect(summary.total).toBe(raw.flat().length);
        expect(JSON.stringify(summary)).not.toContain('private note');
        if (withReason < MIN_SKIPS_SHOWN) expect(summary.byCategory).toBeNull();
        else expect(Object.values(summary.byCategory ?? {}).reduce((a, b) => a + b, 0)).toBe(withReason);
      }),
    );
  });
});
