import { createI18n } from '../i18n/i18n';
import { roundTitle } from './round-title';

// Honolulu is a day behind Tokyo: a round's days stay the days they are, whatever the viewer's time zone.
const i18ns = {
  'en-GB': createI18n('en-GB', 'Pacific/Honolulu'),
  'en-US': createI18n('en-US', 'Asia/Tokyo'),
};

it.each([
  [3, 'published', '2026-12-07', '2027-02-26', 'en-GB', 'Round 3 · 7 Dec 2026 – 26 Feb 2027'],
  [1, 'published', '2026-03-02', '2026-04-12', 'en-GB', 'Round 1 · 2 Mar – 12 Apr'],
  [12, 'published', '2026-03-02', '2026-04-12', 'en-US', 'Round 12 · Mar 2 – Apr 12'],
  [null, 'draft', '2026-06-01', '2026-06-28', 'en-GB', 'Draft · 1 – 28 Jun'],
  [null, 'discarded', '2026-06-01', '2026-06-28', 'en-US', 'Discarded · Jun 1 – 28'],
  [null, 'failed', '2026-01-05', '2026-02-01', 'en-GB', 'Failed · 5 Jan – 1 Feb'],
] as const)(
  'round %s (%s, %s – %s) in %s reads "%s"',
  (number, status, startsOn, endsOn, locale, expected) => {
    const title = roundTitle({ number, status, startsOn, endsOn }, i18ns[locale]);
    // ICU puts thin spaces around the range dash in some locales.
    expect(title.replace(/\u2009/g, ' ')).toBe(expected);
  },
);
