import { type PairingReason } from '../../../functions/src/contracts/common';
import { type PersonProfile } from '../../../functions/src/contracts/employee';
import { createI18n } from '../i18n/i18n';
import { describeReasons } from './reason-text';

const me = '11111111-1111-4111-8111-111111111111';
const peerId = '22222222-2222-4222-8222-222222222222';
const peers: PersonProfile[] = [
  {
    userId: peerId,
    displayName: 'Ada Lovelace',
    jobTitle: 'Engineer',
    department: 'R&D',
    level: 'L3',
    timeZone: 'Europe/London',
  },
];
const i18n = createI18n('en-US', 'UTC');

describe('describeReasons', () => {
  it.each<[PairingReason, string]>([
    [
      { kind: 'same-level', data: { level: 'L3' } },
      'You are at the same level (L3), so neither of you is the boss.',
    ],
    [{ kind: 'level-gap', data: { gap: 1 } }, 'Your levels are close (1 level apart).'],
    [
      { kind: 'different-department', data: { departments: ['Sales', 'R&D'] } },
      'You work in different departments (Sales and R&D), so you bring new perspectives.',
    ],
    [
      { kind: 'shared-goal', data: { goals: ['network-building', 'remote-connection'] } },
      'You both want to grow your networks and stay connected while working remotely.',
    ],
    [
      { kind: 'teaches', data: { teacherId: me, learnerId: peerId, topics: ['Go'] } },
      'You can share Go, which Ada Lovelace wants to learn.',
    ],
    [
      { kind: 'teaches', data: { teacherId: peerId, learnerId: me, topics: ['SQL', 'Rust'] } },
      'Ada Lovelace can share SQL and Rust, which you want to learn.',
    ],
    [{ kind: 'overlap-hours', data: { hours: 3 } }, 'Your working days overlap by 3 hours.'],
    [{ kind: 'shared-language', data: { languages: ['fr'] } }, 'You both speak French.'],
    [
      { kind: 'new-joiner-buddy', data: { newJoinerId: me } },
      'You are new here, and Ada Lovelace knows the ropes.',
    ],
    [
      { kind: 'new-joiner-buddy', data: { newJoinerId: peerId } },
      'Ada Lovelace is new here, and you can show them around.',
    ],
    [
      { kind: 'fairness', data: { userIds: [me] } },
      'You missed out last round, so you were placed first this time.',
    ],
    [{ kind: 'admin-override', data: {} }, 'A program admin put you together.'],
    [
      { kind: 'cadence', data: { cadence: 'monthly', basis: 'shared-preference' } },
      'You meet once a month, the rhythm you chose.',
    ],
    [
      { kind: 'cadence', data: { cadence: 'weekly', basis: 'program-default' } },
      'You meet every week, the program’s rhythm, which suits everyone.',
    ],
  ])('%j', (reason, expected) => {
    expect(describeReasons([reason], me, peers, i18n)).toEqual([expected]);
  });

  it('skips kinds it does not know instead of showing them raw', () => {
    const unknown = { kind: 'from-the-future', data: {} } as unknown as PairingReason;
    expect(describeReasons([unknown, { kind: 'level-gap', data: { gap: 2 } }], me, peers, i18n)).toEqual([
      'Your levels are close (2 levels apart).',
    ]);
  });
});
