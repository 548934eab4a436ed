import { DateTime } from 'luxon';

import { toZone } from '../../../domain/scheduling/time-zones';
import { GraphFreeBusyReader, type ScheduleInformation, toAvailability } from './free-busy';
import { GraphGateway } from './graph-gateway';
import { type GraphHttpRequest } from './graph-http';
import { OutlookGate } from './outlook-gate';
import { DEFAULT_RETRY_POLICY } from './retry-policy';
import { fakeGraph, json } from './testing/fake-graph';

const window = { start: Date.parse('2027-03-01T00:00:00Z'), end: Date.parse('2027-03-01T04:00:00Z') };

describe('toAvailability', () => {
  it('maps items, the availability view (15-minute digits) and Windows-named working hours', () => {
    const info: ScheduleInformation = {
      scheduleId: 'Ana@Contoso.example',
      availabilityView: '0000' + '0300' + '0040' + '1000',
      scheduleItems: [
        {
          status: 'busy',
          start: { dateTime: '2027-03-01T00:00:00.0000000', timeZone: 'UTC' },
          end: { dateTime: '2027-03-01T00:30:00.0000000', timeZone: 'UTC' },
        },
        {
          status: 'Tentative',
          start: { dateTime: '2027-03-01T09:00:00.0000000', timeZone: 'India Standard Time' },
          end: { dateTime: '2027-03-01T09:30:00.0000000', timeZone: 'India Standard Time' },
        },
      ],
      workingHours: {
        daysOfWeek: ['monday', 'tuesday', 'Friday'],
        startTime: '08:30:00.0000000',
        endTime: '17:00:00.0000000',
        timeZone: { name: 'Pacific Standard Time' },
      },
    };
    const availability = toAvailability(info, window);
    expect(availability.mailbox).toBe('ana@contoso.example');
    expect(availability.intervals).toEqual([
      { start: Date.parse('2027-03-01T00:00:00Z'), end: Date.parse('2027-03-01T00:30:00Z'), status: 'busy' },
      {
        start: Date.parse('2027-03-01T03:30:00Z'),
        end: Date.parse('2027-03-01T04:00:00Z'),
        status: 'tentative',
      },
      { start: Date.parse('2027-03-01T01:15:00Z'), end: Date.parse('2027-03-01T01:30:00Z'), status: 'oof' },
      {
        start: Date.parse('2027-03-01T03:00:00Z'),
        end: Date.parse('2027-03-01T03:15:00Z'),
        status: 'tentative',
      },
    ]);
    expect(availability.workingHours).toEqual({
      daysOfWeek: ['monday', 'tuesday', 'friday'],
      startMinutes: 510,
      endMinutes: 1020,
      timeZone: { kind: 'named', name: 'Pacific Standard Time' },
    });
  });

  it('maps a customTimeZone in working hours to rules the domain computes with', () => {
    const info: ScheduleInformation = {
      scheduleId: 'b@contoso.example',
      scheduleItems: [],
      workingHours: {
        daysOfWeek: ['monday'],
        startTime: '09:00:00',
        endTime: '17:00:00',
        timeZone: {
          '@odata.type': '#microsoft.graph.customTimeZone',
          bias: 300,
          name: 'Customized Time Zone',
          standardOffset: { time: '02:00:00.0000000', dayOccurrence: 1, dayOfWeek: 'sunday', month: 11 },
          daylightOffset: {
            daylightBias: -60,
            time: '02:00:00.0000000',
            dayOccurrence: 2,
            dayOfWeek: 'sunday',
            month: 3,
          },
        },
      },
    };
    const spec = toAvailability(info, window).workingHours!.timeZone;
    const zone = toZone(spec)!;
    const newYork = DateTime.now().setZone('America/New_York').zone;
    for (const iso of ['2027-01-15T12:00:00Z', '2027-07-15T12:00:00Z'])
      expect(zone.offset(Date.parse(iso))).toBe(newYork.offset(Date.parse(iso)));
  });

  it('keeps a per-schedule error instead of inventing a free calendar', () => {
    const availability = toAvailability(
      {
        scheduleId: 'ghost@contoso.example',
        error: { message: 'not found', responseCode: 'ErrorMailRecipientNotFound' },
      },
      window,
    );
    expect(availability).toEqual({
      mailbox: 'ghost@contoso.example',
      window,
      intervals: [],
      error: 'ErrorMailRecipientNotFound',
    });
  });
});

describe('GraphFreeBusyReader', () => {
  function scheduleFake() {
    return fakeGraph((r: GraphHttpRequest) => {
      const body = r.body as {
        schedules: string[];
        startTime: { dateTime: string };
        endTime: { dateTime: string };
      };
      const days =
        (Date.parse(`${body.endTime.dateTime}Z`) - Date.parse(`${body.startTime.dateTime}Z`)) / 86_400_000;
      if (body.schedules.length > 20 || days >= 62)
        return json(400, { error: { code: 'ErrorInvalidRequest' } });
      return json(200, {
        value: body.schedules.map((s) => ({
          scheduleId: s,
          availabilityView: '',
          scheduleItems: [
            {
              status: 'busy',
              start: { dateTime: body.startTime.dateTime, timeZone: 'UTC' },
              end: { dateTime: body.startTime.dateTime.replace('T00:00:00', 'T01:00:00'), timeZone: 'UTC' },
            },
          ],
        })),
      });
    });
  }

  it('reads 45 mailboxes over 100 days in one $batch of 6 getSchedule calls (20 mailboxes, < 62 days each)', async () => {
    const fake = scheduleFake();
    const reader = new GraphFreeBusyReader(
      new GraphGateway(fake.transport, {
        gate: new OutlookGate(),
        retry: {
          policy: DEFAULT_RETRY_POLICY,
          sleep: () => Promise.resolve(),
          random: () => 0,
          now: () => 0,
        },
      }),
    );
    const mailboxes = Array.from({ length: 45 }, (_, i) => `user${i}@contoso.example`);
    const start = Date.parse('2027-03-01T00:00:00Z');
    const result = await reader.readAvailability({
      mailboxes: [...mailboxes, 'USER0@contoso.example'],
      window: { start, end: start + 100 * 86_400_000 },
    });
    expect(fake.httpRequests).toHaveLength(1);
    expect(fake.logicalRequests).toHaveLength(6);
    expect(fake.logicalRequests.every((r) => r.headers?.prefer === 'outlook.timezone="UTC"')).toBe(true);
    expect(result.size).toBe(45);
    const one = result.get('user7@contoso.example')!;
    expect(one.error).toBeUndefined();
    expect(one.window).toEqual({ start, end: start + 100 * 86_400_000 });
    // One busy hour at the start of each of the two windows.
    expect(one.intervals.map((i) => new Date(i.start).toISOString())).toEqual([
      '2027-03-01T00:00:00.000Z',
      '2027-05-01T00:00:00.000Z',
    ]);
  });

  it('marks every mailbox of a call that failed for good', async () => {
    const fake = fakeGraph(() => json(403, { error: { code: 'ErrorAccessDenied' } }));
    const reader = new GraphFreeBusyReader(new GraphGateway(fake.transport, { gate: new OutlookGate() }));
    const result = await reader.readAvailability({ mailboxes: ['a@x.example', 'b@x.example'], window });
    expect(result.get('a@x.example')?.error).toBe('403 ErrorAccessDenied');
    expect(result.get('b@x.example')?.error).toBe('403 ErrorAccessDenied');
  });

  it('addresses calls by object id, and one person without a reachable mailbox spoils nobody else’s free/busy', async () => {
    // Calls made as "nobox" fail whole (404 MailboxNotEnabledForRESTAPI), as Graph does; anyone else's succeed.
    const fake = fakeGraph((r) => {
      if (r.path.startsWith('/users/id-nobox/'))
        return json(404, { error: { code: 'MailboxNotEnabledForRESTAPI' } });
      const { schedules } = r.body as { schedules: string[] };
      return json(200, {
        value: schedules.map((scheduleId) =>
          scheduleId === 'nobox@x.example'
            ? { scheduleId, error: { responseCode: 'ErrorMailRecipientNotFound' } }
            : { scheduleId, availabilityView: '0', scheduleItems: [] },
        ),
      });
    });
    const reader = new GraphFreeBusyReader(new GraphGateway(fake.transport, { gate: new OutlookGate() }));
    const mailboxes = ['nobox@x.example', 'other1@x.example', 'other2@x.example'];
    const result = await reader.readAvailability({
      mailboxes,
      window,
      ids: new Map(mailboxes.map((m) => [m, `id-${m.split('@')[0]!}`])),
    });
    expect(fake.logicalRequests.map((r) => r.path.split('/')[2])).toEqual(['id-nobox', 'id-other1']);
    expect(result.get('nobox@x.example')?.error).toBe('404 MailboxNotEnabledForRESTAPI');
    expect(result.get('other1@x.example')?.error).toBeUndefined();
    expect(result.get('other2@x.example')?.error).toBeUndefined();
  });
});
