import { createI18n } from '../i18n/i18n';
import { describeReasonsForAdmin, scoreDistribution } from './admin-reason-text';

const i18n = createI18n('en-US', 'UTC');
const members = [
  { userId: 'a', displayName: 'Ada' },
  { userId: 'b', displayName: 'Bob' },
];

describe('describeReasonsForAdmin', () => {
  it('writes third-person reasons with names', () => {
    expect(
      describeReasonsForAdmin(
        [
          { kind: 'teaches', data: { teacherId: 'a', learnerId: 'b', topics: ['Go'] } },
          { kind: 'same-level', data: { level: null } },
          { kind: 'overlap-hours', data: { hours: 1 } },
        ],
        members,
        i18n,
      ),
    ).toEqual(['Ada shares Go with Bob', 'Same level', '1 hour of shared working time']);
  });

  it('says the cadence and whether it is the program default', () => {
    expect(
      describeReasonsForAdmin(
        [
          { kind: 'cadence', data: { cadence: 'monthly', basis: 'shared-preference' } },
          { kind: 'cadence', data: { cadence: 'biweekly', basis: 'no-common-preference' } },
        ],
        members,
        i18n,
      ),
    ).toEqual([
      'Meets monthly (their choice; program default differs)',
      'Meets every 2 weeks (program default; their choices differ)',
    ]);
  });
});

describe('scoreDistribution', () => {
  it('puts every score in exactly one bucket', () => {
    const scores = [0, 5, 10, 50, 99, 100];
    const buckets = scoreDistribution(scores);
    expect(buckets).toHaveLength(10);
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(scores.length);
    expect(buckets[0]).toEqual({ from: 0, to: 10, count: 2 });
    expect(buckets[9]).toEqual({ from: 90, to: 100, count: 2 });
  });
  it('handles equal scores and empty input', () => {
    expect(scoreDistribution([7, 7])).toEqual([{ from: 7, to: 8, count: 2 }]);
    expect(scoreDistribution([])).toEqual([]);
  });
});
