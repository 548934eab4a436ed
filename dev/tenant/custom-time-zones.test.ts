import { customOffsetMinutes, customTimeZoneFor } from './custom-time-zones';
import { offsetMinutes, toIana } from './time-zones';

const officeZones = [
  'Pacific Standard Time',
  'Eastern Standard Time',
  'GMT Standard Time',
  'W. Europe Standard Time',
  'India Standard Time',
  'Singapore Standard Time',
  'AUS Eastern Standard Time',
];

describe('customTimeZoneFor', () => {
  it('renders Pacific time exactly as the getSchedule example in outlook-get-free-busy-schedule.md', () => {
    expect(customTimeZoneFor('Pacific Standard Time')).toEqual({
      '@odata.type': '#microsoft.graph.customTimeZone',
      bias: 480,
      name: 'Customized Time Zone',
      standardOffset: {
        time: '02:00:00.0000000',
        dayOccurrence: 1,
        dayOfWeek: 'sunday',
        month: 11,
        year: 0,
      },
      daylightOffset: {
        daylightBias: -60,
        time: '02:00:00.0000000',
        dayOccurrence: 2,
        dayOfWeek: 'sunday',
        month: 3,
        year: 0,
      },
    });
  });

  it.each(officeZones)(
    '%s: the custom rules give the IANA offset at every hour of 2026–2028 (transitions fall on whole UTC hours)',
    (name) => {
      const zone = customTimeZoneFor(name);
      const iana = toIana(name);
      expect(zone).toBeDefined();
      expect(iana).toBeDefined();
      const from = Date.UTC(2026, 0, 1);
      const to = Date.UTC(2029, 0, 1);
      const mismatches: string[] = [];
      for (let t = from; t < to; t += 3_600_000) {
        if (customOffsetMinutes(zone!, t) !== offsetMinutes(iana!, t))
          mismatches.push(new Date(t).toISOString());
      }
      expect(mismatches).toEqual([]);
    },
  );

  it('has no rules for zones the demo company does not use', () => {
    expect(customTimeZoneFor('Tokyo Standard Time')).toBeUndefined();
  });
});
