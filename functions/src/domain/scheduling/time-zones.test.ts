import { DateTime } from 'luxon';

import { ianaNameOf, namedZoneFor, toZone, zoneFromName } from './time-zones';

describe('zoneFromName', () => {
  it.each([
    ['India Standard Time', 330, 330],
    ['Asia/Kolkata', 330, 330],
    ['Pacific Standard Time', -480, -420],
    ['America/Los_Angeles', -480, -420],
    ['W. Europe Standard Time', 60, 120],
    ['Eastern Standard Time', -300, -240],
    ['UTC', 0, 0],
    ['Nepal Standard Time', 345, 345],
  ])('%s → offsets %i in January and %i in July', (name, january, july) => {
    const zone = zoneFromName(name);
    expect(zone).toBeDefined();
    expect(zone!.offset(Date.UTC(2027, 0, 15))).toBe(january);
    expect(zone!.offset(Date.UTC(2027, 6, 15))).toBe(july);
  });

  it.each(['', 'Not A Zone', 'Mars/Olympus_Mons'])('%j → undefined', (name) => {
    expect(zoneFromName(name)).toBeUndefined();
  });

  it('names Windows zones by IANA', () => {
    expect(ianaNameOf('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(ianaNameOf('Europe/Berlin')).toBe('Europe/Berlin');
  });
});

describe('custom (rule-based) zones from Graph', () => {
  // US Pacific rules as a Windows customTimeZone: bias 480, DST from the 2nd Sunday of March 02:00 to the
  // 1st Sunday of November 02:00, daylightBias -60.
  const pacific = toZone({
    kind: 'custom',
    bias: 480,
    standard: { month: 11, dayOccurrence: 1, dayOfWeek: 'sunday', minutes: 120 },
    daylight: { month: 3, dayOccurrence: 2, dayOfWeek: 'sunday', minutes: 120, daylightBias: -60 },
  })!;
  const reference = zoneFromName('America/Los_Angeles')!;

  it.each([
    '2027-01-10T12:00:00Z',
    '2027-03-14T09:59:00Z', // one minute before the spring switch (02:00 PST = 10:00Z)
    '2027-03-14T10:00:00Z',
    '2027-07-01T00:00:00Z',
    '2027-11-07T08:59:00Z', // one minute before the autumn switch (02:00 PDT = 09:00Z)
    '2027-11-07T09:00:00Z',
    '2027-12-31T23:00:00Z',
  ])('matches the tz database at %s', (iso) => {
    const ts = Date.parse(iso);
    expect(pacific.offset(ts)).toBe(reference.offset(ts));
  });

  it('handles southern-hemisphere rules (daylight across new year)', () => {
    // Australia/Sydney: standard +10, DST from the 1st Sunday of October 02:00 to the 1st Sunday of April 03:00.
    const sydney = toZone({
      kind: 'custom',
      bias: -600,
      standard: { month: 4, dayOccurrence: 1, dayOfWeek: 'sunday', minutes: 180 },
      daylight: { month: 10, dayOccurrence: 1, dayOfWeek: 'sunday', minutes: 120, daylightBias: -60 },
    })!;
    const ref = zoneFromName('Australia/Sydney')!;
    for (const iso of ['2027-01-15T00:00:00Z', '2027-05-15T00:00:00Z', '2027-10-15T00:00:00Z']) {
      expect(sydney.offset(Date.parse(iso))).toBe(ref.offset(Date.parse(iso)));
    }
  });

  it('a fixed custom zone (no rules) has a constant offset and works with luxon', () => {
    const zone = toZone({ kind: 'custom', bias: -330 })!;
    const local = DateTime.fromObject({ year: 2027, month: 7, day: 1, hour: 10 }, { zone });
    expect(local.toUTC().toISO()).toBe('2027-07-01T04:30:00.000Z');
  });

  it('a custom zone that carries a known name uses that name', () => {
    expect(toZone({ kind: 'custom', name: 'India Standard Time', bias: 0 })!.offset(0)).toBe(330);
  });
});

describe('namedZoneFor: the Windows zone with the same instants as a custom zone', () => {
  const sample = (zone: string, iso: string) => zoneFromName(zone)!.offset(Date.parse(iso));
  it.each([
    [
      'Pacific rules (bias 480, DST second Sunday of March to first of November)',
      {
        kind: 'custom' as const,
        bias: 480,
        standard: { month: 11, dayOccurrence: 1, dayOfWeek: 'sunday' as const, minutes: 120 },
        daylight: {
          month: 3,
          dayOccurrence: 2,
          dayOfWeek: 'sunday' as const,
          minutes: 120,
          daylightBias: -60,
        },
      },
      'America/Los_Angeles',
    ],
    [
      'Sydney rules (bias -600, southern-hemisphere DST October to April)',
      {
        kind: 'custom' as const,
        bias: -600,
        standard: { month: 4, dayOccurrence: 1, dayOfWeek: 'sunday' as const, minutes: 180 },
        daylight: {
          month: 10,
          dayOccurrence: 1,
          dayOfWeek: 'sunday' as const,
          minutes: 120,
          daylightBias: -60,
        },
      },
      'Australia/Sydney',
    ],
    ['a fixed +5:30 (bias -330, no rules)', { kind: 'custom' as const, bias: -330 }, 'Asia/Kolkata'],
  ])('%s → a named zone that agrees with %s all year', (_name, spec, reference) => {
    const name = namedZoneFor(spec, 2027);
    expect(name).toBeDefined();
    for (const iso of [
      '2027-01-15T12:00:00Z',
      '2027-04-15T12:00:00Z',
      '2027-07-15T12:00:00Z',
      '2027-10-15T12:00:00Z',
    ])
      expect(sample(name!, iso)).toBe(sample(reference, iso));
  });

  it('answers undefined when no Windows zone has those rules', () => {
    expect(namedZoneFor({ kind: 'custom', bias: -17 }, 2027)).toBeUndefined();
  });
});
