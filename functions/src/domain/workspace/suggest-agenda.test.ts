import fc from 'fast-check';

import { GOALS, type PairingReason } from '../../contracts/common';
import { MAX_AGENDA_ITEMS, SuggestedAgendaItemSchema } from '../../contracts/workspace';
import { type AgendaInput, suggestAgenda, teachingsOf } from './suggest-agenda';

const ana = 'ana';
const bo = 'bo';
const teaches = (teacherId: string, learnerId: string, topics: string[]): PairingReason => ({
  kind: 'teaches',
  data: { teacherId, learnerId, topics },
});
const sharedGoal = (...goals: (typeof GOALS)[number][]): PairingReason => ({
  kind: 'shared-goal',
  data: { goals },
});
/** What each pair of the tables has in common and in complement. */
const both = [
  sharedGoal('collaborative-learning', 'network-building', 'remote-connection'),
  teaches(ana, bo, ['Kubernetes', 'Go']),
  teaches(bo, ana, ['Public speaking']),
  { kind: 'same-level', data: { level: 'L4' } } as PairingReason,
];

/** An agenda as short words, so a table row reads as the agenda itself. */
function words(input: Partial<AgendaInput>): string[] {
  return suggestAgenda({
    kind: 'collaborative-learning',
    session: 1,
    sessions: 4,
    reasons: both,
    goals: 0,
    ...input,
  }).map((item) => {
    switch (item.kind) {
      case 'arc':
        return `arc:${item.data.step}`;
      case 'shared-goal':
        return `goal:${item.data.goal}`;
      case 'teach':
        return `teach:${item.data.teacherId}>${item.data.learnerId}:${item.data.topic}`;
      case 'review-goals':
        return `review:${item.data.goals}`;
      default:
        return item.kind;
    }
  });
}

describe('suggestAgenda', () => {
  it.each<[string, Partial<AgendaInput>, string[]]>([
    [
      'collaborative learning, first session: introductions, pick a topic, the goals they share (two), the first topic one can teach the other, set goals',
      {},
      [
        'introductions',
        'arc:learning.pick-topic',
        'goal:collaborative-learning',
        'goal:network-building',
        'teach:ana>bo:Kubernetes',
        'set-goals',
        'next-steps',
      ],
    ],
    [
      'a middle session with goals: review them, explain back, pick the next topic; teaching turns to the other direction',
      { session: 2, goals: 2 },
      [
        'review:2',
        'arc:learning.explain-back',
        'arc:learning.pick-topic',
        'teach:bo>ana:Public speaking',
        'next-steps',
      ],
    ],
    [
      'session three: back to the first teacher’s second topic; still no goals, so set them',
      { session: 3 },
      ['arc:learning.explain-back', 'arc:learning.pick-topic', 'teach:ana>bo:Go', 'set-goals', 'next-steps'],
    ],
    [
      'the last session looks back instead of planning the next; topics wrap around',
      { session: 4, goals: 1 },
      ['review:1', 'arc:learning.explain-back', 'teach:ana>bo:Kubernetes', 'look-back'],
    ],
    [
      'onboarding buddy, 4 sessions: the arc from the first days to a first contribution, stretched over the round',
      { kind: 'onboarding-buddy', session: 1, reasons: [] },
      ['introductions', 'arc:onboarding.first-days', 'set-goals', 'next-steps'],
    ],
    [
      'onboarding buddy, session 2 of 4',
      { kind: 'onboarding-buddy', session: 2, reasons: [], goals: 1 },
      ['review:1', 'arc:onboarding.tools', 'next-steps'],
    ],
    [
      'onboarding buddy, session 3 of 4',
      { kind: 'onboarding-buddy', session: 3, reasons: [], goals: 1 },
      ['review:1', 'arc:onboarding.unwritten-rules', 'next-steps'],
    ],
    [
      'onboarding buddy, the last session reaches the first contribution and looks back',
      { kind: 'onboarding-buddy', session: 4, reasons: [], goals: 1 },
      ['review:1', 'arc:onboarding.first-contribution', 'look-back'],
    ],
    [
      'a new joiner and a buddy in a network-building program still follow the onboarding arc',
      {
        kind: 'network-building',
        session: 1,
        sessions: 6,
        reasons: [{ kind: 'new-joiner-buddy', data: { newJoinerId: bo } }],
      },
      ['introductions', 'arc:onboarding.first-days', 'set-goals', 'next-steps'],
    ],
    [
      'remote connection: small talk opens, before the goals and how each works remotely',
      { kind: 'remote-connection', session: 1, reasons: [] },
      ['introductions', 'arc:remote.off-topic', 'arc:remote.how-we-work', 'set-goals', 'next-steps'],
    ],
    [
      'remote connection, later: small talk first, then the goals',
      { kind: 'remote-connection', session: 2, reasons: [], goals: 3 },
      ['arc:remote.off-topic', 'review:3', 'next-steps'],
    ],
    [
      'project accountability, later: goals, commitments, obstacles',
      { kind: 'project-accountability', session: 2, reasons: [], goals: 2 },
      ['review:2', 'arc:accountability.commitments', 'arc:accountability.obstacles', 'next-steps'],
    ],
    [
      'network building: map contacts first, introduce someone later',
      { kind: 'network-building', session: 1, reasons: [] },
      ['introductions', 'arc:network.map-contacts', 'set-goals', 'next-steps'],
    ],
    [
      'a round of one session: introductions and next steps, no look back at a round that has not happened',
      { kind: 'network-building', session: 1, sessions: 1, reasons: [] },
      ['introductions', 'arc:network.map-contacts', 'set-goals', 'next-steps'],
    ],
    [
      'a pair with nothing in common beyond the program: the arc alone',
      { kind: 'network-building', session: 2, reasons: [{ kind: 'overlap-hours', data: { hours: 3 } }] },
      ['arc:network.introduce-someone', 'set-goals', 'next-steps'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(words(input)).toEqual(expected);
  });

  it('alternates teaching directions, each direction keeping its order of topics', () => {
    expect(
      teachingsOf([
        teaches(ana, bo, ['a1', 'a2', 'a3']),
        sharedGoal('network-building'),
        teaches(bo, ana, ['b1']),
      ]),
    ).toEqual([
      { teacherId: ana, learnerId: bo, topic: 'a1' },
      { teacherId: bo, learnerId: ana, topic: 'b1' },
      { teacherId: ana, learnerId: bo, topic: 'a2' },
      { teacherId: ana, learnerId: bo, topic: 'a3' },
    ]);
  });

  it('is deterministic, valid against the contract, short and ends with next steps or a look back', () => {
    const reason = fc.oneof(
      fc.record({
        kind: fc.constant('shared-goal' as const),
        data: fc.record({ goals: fc.subarray([...GOALS]) }),
      }),
      fc.record({
        kind: fc.constant('teaches' as const),
        data: fc.record({
          teacherId: fc.constantFrom(ana, bo),
          learnerId: fc.constantFrom(ana, bo),
          topics: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 20 }),
        }),
      }),
      fc.record({
        kind: fc.constant('new-joiner-buddy' as const),
        data: fc.record({ newJoinerId: fc.constant(bo) }),
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...GOALS),
        fc.integer({ min: 1, max: 27 }),
        fc.integer({ min: 0, max: 26 }),
        fc.array(reason, { maxLength: 6 }),
        fc.integer({ min: 0, max: 5 }),
        (kind, sessions, offset, reasons, goals) => {
          const input: AgendaInput = { kind, sessions, session: (offset % sessions) + 1, reasons, goals };
          const agenda = suggestAgenda(input);
          expect(suggestAgenda(structuredClone(input))).toEqual(agenda);
          expect(agenda.length).toBeGreaterThan(0);
          expect(agenda.length).toBeLessThanOrEqual(MAX_AGENDA_ITEMS);
          for (const item of agenda) expect(SuggestedAgendaItemSchema.safeParse(item).success).toBe(true);
          const last = input.session === sessions && sessions > 1;
          expect(agenda[agenda.length - 1]?.kind).toBe(last ? 'look-back' : 'next-steps');
        },
      ),
      { numRuns: 300 },
    );
  });
});
