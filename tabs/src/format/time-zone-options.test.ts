import {
  cityOf,
  formatOffset,
  matchesTimeZone,
  offsetMinutesOf,
  supportedTimeZones,
  timeZoneOptions,
} from './time-zone-options';

const winter = new Date('2026-01-15T12:00:00Z');
const summer = new Date('2026-07-15T12:00:00Z');

describe('time-zone options', () => {
  it.each([
    ['Europe/Berlin', 'Berlin'],
    ['America/Argentina/Buenos_Aires', 'Buenos Aires'],
    ['UTC', 'UTC'],
  ])('city of %s is %s', (id, city) => {
    expect(cityOf(id)).toBe(city);
  });

  it.each<[string, Date, number | null]>([
    ['Europe/Berlin', winter, 60],
    ['Europe/Berlin', summer, 120],
    ['America/New_York', winter, -300],
    ['Asia/Kolkata', summer, 330],
    ['Asia/Kathmandu', summer, 345],
    ['America/St_Johns', winter, -210],
    ['UTC', summer, 0],
    ['Mars/Olympus', summer, null],
  ])('offset of %s at %s is %j minutes', (id, at, minutes) => {
    expect(offsetMinutesOf(id, at)).toBe(minutes);
  });

  it.each([
    [0, 'UTC'],
    [60, 'UTC+01:00'],
    [330, 'UTC+05:30'],
    [-210, 'UTC−03:30'],
  ])('formats %d minutes as %s', (minutes, text) => {
    expect(formatOffset(minutes)).toBe(text);
  });

  it('lists every zone the browser knows, west to east, each with city, generic name and offset now', () => {
    const options = timeZoneOptions(summer, 'en-US');
    expect(options.length).toBe(supportedTimeZones().length);
    expect(options.length).toBeGreaterThan(300);
    const offsets = options.map((o) => o.offsetMinutes);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(options.find((o) => o.id === 'Europe/Berlin')).toEqual({
      id: 'Europe/Berlin',
      city: 'Berlin',
      name: 'Central European Time',
      offsetMinutes: 120,
      offset: 'UTC+02:00',
      label: 'Berlin (UTC+02:00)',
    });
  });

  it('lists zones by their current names (ICU still says Calcutta and Kiev), and UTC', () => {
    const ids = supportedTimeZones();
    expect(ids).toEqual(expect.arrayContaining(['Asia/Kolkata', 'Europe/Kyiv', 'America/Nuuk', 'UTC']));
    expect(ids).not.toContain('Asia/Calcutta');
    expect(ids).not.toContain('Europe/Kiev');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names the zone in the admin’s language, and keeps a stored zone the list lacks', () => {
    const options = timeZoneOptions(winter, 'de-DE', ['Europe/Berlin'], ['US/Eastern', 'Mars/Olympus']);
    expect(options.map((o) => [o.id, o.name, o.offset])).toEqual([
      ['US/Eastern', 'Nordamerikanische Ostküstenzeit', 'UTC−05:00'],
      ['Europe/Berlin', 'Mitteleuropäische Zeit', 'UTC+01:00'],
    ]);
  });

  it.each([
    ['berlin', 'Europe/Berlin', true],
    ['BERLIN', 'Europe/Berlin', true],
    ['são paulo', 'America/Sao_Paulo', true],
    ['sao paulo', 'America/Sao_Paulo', true],
    ['buenos_aires', 'America/Argentina/Buenos_Aires', true],
    ['central europe', 'Europe/Berlin', true],
    ['europe/ber', 'Europe/Berlin', true],
    ['+05:30', 'Asia/Kolkata', true],
    ['utc+5:30', 'Asia/Kolkata', true],
    ['utc-3', 'America/Sao_Paulo', true],
    ['-03:00', 'America/Sao_Paulo', true],
    ['utc-3', 'Europe/Berlin', false],
    ['paris', 'Europe/Berlin', false],
    ['', 'Europe/Berlin', true],
  ])('%j matches %s: %s', (text, id, expected) => {
    const option = timeZoneOptions(summer, 'en-US', [id])[0]!;
    expect(matchesTimeZone(option, text)).toBe(expected);
  });
});
