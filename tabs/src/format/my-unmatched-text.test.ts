import { createI18n } from '../i18n/i18n';
import { describeMyUnmatched } from './my-unmatched-text';

const i18n = createI18n('en-GB', 'Europe/London');

it.each([
  ['no-eligible-peer', 'level-band', 'Nobody at your level has joined yet.', /Colleagues at your level/],
  [
    'no-eligible-peer',
    'cooldown',
    'You have met everyone you could be paired with in recent rounds.',
    /someone new/,
  ],
  [
    'no-eligible-peer',
    'same-department',
    'This program pairs people from different departments, and everyone else who joined is in yours.',
    /Colleagues from other departments/,
  ],
  [
    'no-eligible-peer',
    null,
    'Nobody who fits you had joined when this round was matched.',
    /More people joining/,
  ],
  // An unknown rule falls back to the reason's words, an unknown reason to the general ones.
  [
    'no-eligible-peer',
    'a-rule-from-a-newer-engine',
    'Nobody who fits you had joined when this round was matched.',
    /More people/,
  ],
  [
    'carried-over-with-priority',
    null,
    'An odd number of people joined, and you were the one left over.',
    /first in line/,
  ],
  [
    'calendar-unreachable',
    'out-of-scope',
    'Pairwise is not allowed to book in your Outlook calendar.',
    /IT team/,
  ],
  ['calendar-unreachable', 'unknown', 'Pairwise could not reach your Outlook calendar.', /try again/],
  ['something-new', 'x', 'You were not placed in this round.', /considered again/],
])('%s (%s) reads "%s"', (reason, detail, why, help) => {
  const text = describeMyUnmatched({ reason, detail }, i18n);
  expect(text.why).toBe(why);
  expect(text.help).toMatch(help);
  expect(`${text.why} ${text.help}`).not.toContain(reason);
});
