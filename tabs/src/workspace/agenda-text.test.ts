import { ARC_STEPS, type SuggestedAgendaItem } from '../../../functions/src/contracts/workspace';
import { loadMessages } from '../i18n/catalogs';
import { createI18n } from '../i18n/i18n';
import { agendaLines, describeAgendaItem } from './agenda-text';

const members = [
  { userId: 'me', displayName: 'Grace Hopper' },
  { userId: 'ada', displayName: 'Ada Lovelace' },
];
const teach = (teacherId: string, learnerId: string): SuggestedAgendaItem => ({
  kind: 'teach',
  data: { teacherId, learnerId, topic: 'Go' },
});

beforeAll(async () => {
  await loadMessages('de');
  await loadMessages('fr');
});

describe('describeAgendaItem', () => {
  it.each(['en', 'de', 'fr'])('words every arc step the backend can suggest (%s)', (language) => {
    const i18n = createI18n(language, 'UTC');
    const lines = ARC_STEPS.map((step) =>
      describeAgendaItem({ kind: 'arc', data: { step } }, 'me', members, i18n),
    );
    expect(lines.every((line) => typeof line === 'string' && line.length > 10)).toBe(true);
    expect(new Set(lines).size).toBe(ARC_STEPS.length);
  });

  it.each<[string, SuggestedAgendaItem, string, string | null]>([
    ['I teach', teach('me', 'ada'), 'me', 'You share Go with Ada Lovelace'],
    ['I learn', teach('ada', 'me'), 'me', 'Ada Lovelace shares Go with you'],
    [
      'worded for both (what the editor saves)',
      teach('me', 'ada'),
      '',
      'Grace Hopper shares Go with Ada Lovelace',
    ],
    [
      'a shared goal',
      { kind: 'shared-goal', data: { goal: 'network-building' } },
      'me',
      'You both want to grow your networks: what does that mean for each of you?',
    ],
    [
      'goals to review',
      { kind: 'review-goals', data: { goals: 3 } },
      'me',
      'Check in on your 3 shared goals: done, in progress or blocked?',
    ],
    [
      'a kind this tab does not know',
      { kind: 'poll', data: {} } as unknown as SuggestedAgendaItem,
      'me',
      null,
    ],
    [
      'an arc step this tab does not know',
      { kind: 'arc', data: { step: 'x.y' } } as unknown as SuggestedAgendaItem,
      'me',
      null,
    ],
  ])('%s', (_case, item, reader, expected) => {
    expect(describeAgendaItem(item, reader, members, createI18n('en', 'UTC'))).toBe(expected);
  });

  it('an edited agenda is shown as written; a suggestion skips what it cannot word', () => {
    const i18n = createI18n('en', 'UTC');
    expect(
      agendaLines(
        { source: 'edited', items: ['Coffee'], editedBy: 'ada', editedAt: '2030-03-01T00:00:00.000Z' },
        'me',
        members,
        i18n,
      ),
    ).toEqual(['Coffee']);
    expect(
      agendaLines(
        {
          source: 'suggested',
          items: [
            { kind: 'poll', data: {} } as unknown as SuggestedAgendaItem,
            { kind: 'next-steps', data: {} },
          ],
        },
        'me',
        members,
        i18n,
      ),
    ).toEqual(['Agree what each of you does before the next session']);
  });
});
