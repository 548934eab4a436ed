import { formatMessage } from './format-message';

describe('formatMessage', () => {
  it.each([
    ['Hello {name}', { name: 'Ada' }, 'Hello Ada'],
    ['{count, plural, one {# person} other {# people}}', { count: 1 }, '1 person'],
    ['{count, plural, one {# person} other {# people}}', { count: 1200 }, '1,200 people'],
    ['{count, plural, =0 {nobody} one {# person} other {# people}}', { count: 0 }, 'nobody'],
    ['{n} of {total} placed', { n: 3, total: 10 }, '3 of 10 placed'],
    ['Missing {value} stays visible', {}, 'Missing {value} stays visible'],
  ])('%s with %j → %s', (template, values, expected) => {
    expect(formatMessage(template, values, 'en-US')).toBe(expected);
  });

  it('uses the locale for numbers', () => {
    expect(formatMessage('{n}', { n: 1234.5 }, 'de-DE')).toBe('1.234,5');
  });
});
