import {
  bookingMarkerValue,
  buildSeriesEvent,
  type SeriesEventInput,
} from '../../../domain/scheduling/event-body';
import { type CreateOutcome, GraphCalendarWriter, markerFilter } from './calendar-writer';
import { GraphGateway } from './graph-gateway';
import { type GraphHttpRequest, type GraphHttpResponse } from './graph-http';
import { OutlookGate } from './outlook-gate';
import { DEFAULT_RETRY_POLICY } from './retry-policy';
import { fakeGraph, type FakeHandler, json } from './testing/fake-graph';

const input: SeriesEventInput = {
  tenantId: 't',
  pairingId: 'p1',
  attempt: 0,
  organizer: { mailbox: 'ana@contoso.example', displayName: 'Ana' },
  attendee: { mailbox: 'ravi@contoso.example', displayName: 'Ravi' },
  program: { name: 'Peers', allowNewTimeProposals: true },
  reasons: [],
  memberNames: new Map(),
  tabDeepLink: 'https://teams.example/l/entity/x',
  pattern: { type: 'weekly', interval: 1, dayOfWeek: 'tuesday' },
  startMinutes: 600,
  durationMinutes: 30,
  firstDate: '2027-03-02',
  lastDate: '2027-05-25',
  organizerZone: 'Europe/Berlin',
};

function writerWith(handler: FakeHandler) {
  const fake = fakeGraph(handler);
  const gateway = new GraphGateway(fake.transport, {
    gate: new OutlookGate(),
    retry: { policy: DEFAULT_RETRY_POLICY, sleep: () => Promise.resolve(), random: () => 0, now: () => 0 },
  });
  return { fake, writer: new GraphCalendarWriter(gateway) };
}

const created = (id: string, joinUrl?: string): GraphHttpResponse =>
  json(201, {
    id,
    iCalUId: `ical-${id}`,
    ...(joinUrl ? { onlineMeeting: { joinUrl } } : { onlineMeeting: null }),
  });

describe('GraphCalendarWriter.ensureSeriesMany', () => {
  it('creates first attempts in one batch, with immutable ids, without a look-up', async () => {
    const { fake, writer } = writerWith((r) =>
      created(`ev-${r.path.split('/')[2]}`, 'https://teams.example/join/1'),
    );
    const items = ['ana', 'bo', 'cy'].map((name, i) => ({
      key: `p${i}`,
      organizer: `${name}@contoso.example`,
      event: buildSeriesEvent({ ...input, pairingId: `p${i}` }),
      markerValue: bookingMarkerValue('t', `p${i}`),
      mayExist: false,
    }));
    const results = await writer.ensureSeriesMany(items);
    expect(fake.httpRequests).toHaveLength(1);
    expect(fake.logicalRequests.map((r) => [r.method, r.path, r.headers?.prefer])).toEqual([
      ['POST', '/users/ana%40contoso.example/events', 'IdType="ImmutableId"'],
      ['POST', '/users/bo%40contoso.example/events', 'IdType="ImmutableId"'],
      ['POST', '/users/cy%40contoso.example/events', 'IdType="ImmutableId"'],
    ]);
    expect(results.get('p0')).toEqual({
      kind: 'created',
      series: {
        eventId: 'ev-ana%40contoso.example',
        iCalUId: 'ical-ev-ana%40contoso.example',
        joinUrl: 'https://teams.example/join/1',
        onlineMeetingMissing: false,
        existing: false,
      },
    });
  });

  it('after a crash (mayExist) finds the series by its marker and does not create a second one', async () => {
    const { fake, writer } = writerWith((r) => {
      if (r.method === 'GET')
        return json(200, {
          value: [
            { id: 'cancelled-old', isCancelled: true },
            { id: 'ev-1', onlineMeeting: { joinUrl: 'https://j' } },
          ],
        });
      return created('should-not-happen');
    });
    const results = await writer.ensureSeriesMany([
      {
        key: 'p1',
        organizer: 'ana@contoso.example',
        event: buildSeriesEvent(input),
        markerValue: bookingMarkerValue('t', 'p1'),
        mayExist: true,
      },
    ]);
    expect(results.get('p1')).toMatchObject({ kind: 'created', series: { eventId: 'ev-1', existing: true } });
    expect(fake.logicalRequests.filter((r) => r.method === 'POST')).toHaveLength(0);
    const lookup = decodeURIComponent(fake.logicalRequests[0]!.path);
    expect(lookup).toContain(`$filter=${markerFilter(bookingMarkerValue('t', 'p1'))}`);
  });

  it('creates when the look-up finds nothing, and records a missing join link as degraded', async () => {
    const { writer } = writerWith((r) => (r.method === 'GET' ? json(200, { value: [] }) : created('ev-2')));
    const results = await writer.ensureSeriesMany([
      {
        key: 'p1',
        organizer: 'ana@contoso.example',
        event: buildSeriesEvent(input),
        markerValue: 'm',
        mayExist: true,
      },
    ]);
    expect(results.get('p1')).toMatchObject({
      kind: 'created',
      series: { eventId: 'ev-2', onlineMeetingMissing: true, existing: false },
    });
  });

  it('does not create when the look-up itself failed (no guessing past it)', async () => {
    const { fake, writer } = writerWith((r: GraphHttpRequest) =>
      r.method === 'GET' ? json(500, { error: { code: 'InternalServerError' } }) : created('x'),
    );
    const results = await writer.ensureSeriesMany([
      {
        key: 'p1',
        organizer: 'ana@contoso.example',
        event: buildSeriesEvent(input),
        markerValue: 'm',
        mayExist: true,
      },
    ]);
    expect(results.get('p1')).toMatchObject({
      kind: 'failed',
      retryable: false,
      error: { code: 'graph_500' },
    });
    expect(fake.logicalRequests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('reports a rejected create as a non-retryable failure, and throttling that outlived retries as retryable', async () => {
    const { writer } = writerWith((r) =>
      r.path.includes('ana')
        ? json(400, { error: { code: 'ErrorInvalidRecurrence' } })
        : json(429, {}, { 'Retry-After': '0' }),
    );
    const results = await writer.ensureSeriesMany(
      ['ana', 'bo'].map((n) => ({
        key: n,
        organizer: `${n}@contoso.example`,
        event: buildSeriesEvent(input),
        markerValue: 'm',
        mayExist: false,
      })),
    );
    expect(results.get('ana')).toMatchObject<Partial<CreateOutcome>>({ kind: 'failed', retryable: false });
    expect(results.get('bo')).toMatchObject({
      kind: 'failed',
      retryable: true,
      error: { kind: 'throttled' },
    });
  });
});

describe('GraphCalendarWriter.ensureSeriesMany with a reused transactionId', () => {
  it('a create Graph refuses as ErrorDuplicateTransactionId is our series already: found by its marker and adopted', async () => {
    const { fake, writer } = writerWith((r) =>
      r.method === 'POST'
        ? json(400, { error: { code: 'ErrorDuplicateTransactionId', message: 'duplicate' } })
        : json(200, {
            value: [{ id: 'ev-existing', onlineMeeting: { joinUrl: 'https://teams.example/j' } }],
          }),
    );
    const results = await writer.ensureSeriesMany([
      {
        key: 'p1',
        organizer: 'org-1',
        event: buildSeriesEvent(input),
        markerValue: bookingMarkerValue('t', 'p1'),
        mayExist: false,
      },
    ]);
    expect(results.get('p1')).toEqual({
      kind: 'created',
      series: expect.objectContaining({ eventId: 'ev-existing', existing: true }),
    });
    expect(fake.logicalRequests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(decodeURIComponent(fake.logicalRequests[1]!.path)).toContain(
      markerFilter(bookingMarkerValue('t', 'p1')),
    );
  });
});

describe('GraphCalendarWriter.endSeriesEarly', () => {
  const master = {
    id: 'ev-1',
    isCancelled: false,
    start: { dateTime: '2027-03-02T10:00:00.0000000', timeZone: 'W. Europe Standard Time' },
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' },
      range: {
        type: 'endDate',
        startDate: '2027-03-02',
        endDate: '2027-05-25',
        recurrenceTimeZone: 'W. Europe Standard Time',
      },
    },
  };

  it('PATCHes range.endDate to the day before `from` in the organizer zone, keeping the pattern', async () => {
    const { fake, writer } = writerWith((r) => (r.method === 'GET' ? json(200, master) : json(200, {})));
    // 2027-04-12T23:30Z is already 13 April in Berlin (UTC+2): the last kept day is 12 April.
    const outcome = await writer.endSeriesEarly({
      organizer: 'ana@contoso.example',
      eventId: 'ev-1',
      from: Date.parse('2027-04-12T23:30:00Z'),
      comment: 'Ravi left the program.',
    });
    expect(outcome).toEqual({ kind: 'ended', lastDate: '2027-04-12' });
    const patch = fake.logicalRequests.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({
      recurrence: {
        pattern: master.recurrence.pattern,
        range: { ...master.recurrence.range, endDate: '2027-04-12' },
      },
    });
    expect(fake.logicalRequests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('cancels the whole series with the message when no occurrence is in the past', async () => {
    const { fake, writer } = writerWith((r) => (r.method === 'GET' ? json(200, master) : json(202)));
    const outcome = await writer.endSeriesEarly({
      organizer: 'ana@contoso.example',
      eventId: 'ev-1',
      from: Date.parse('2027-03-01T12:00:00Z'),
      comment: 'The pairing was cancelled.',
    });
    expect(outcome).toEqual({ kind: 'cancelled-whole-series' });
    const cancel = fake.logicalRequests.find((r) => r.method === 'POST')!;
    expect(cancel.path).toBe('/users/ana%40contoso.example/events/ev-1/cancel');
    expect(cancel.body).toEqual({ comment: 'The pairing was cancelled.' });
  });

  it('is idempotent: an already shortened or deleted series needs nothing', async () => {
    const shortened = {
      ...master,
      recurrence: { ...master.recurrence, range: { ...master.recurrence.range, endDate: '2027-04-01' } },
    };
    const a = writerWith(() => json(200, shortened));
    expect(
      await a.writer.endSeriesEarly({
        organizer: 'a@x',
        eventId: 'ev-1',
        from: Date.parse('2027-04-20T12:00:00Z'),
        comment: '',
      }),
    ).toEqual({ kind: 'already-ended' });
    expect(a.fake.logicalRequests).toHaveLength(1);
    const b = writerWith(() => json(404, { error: { code: 'ErrorItemNotFound' } }));
    expect(
      await b.writer.endSeriesEarly({ organizer: 'a@x', eventId: 'ev-1', from: 0, comment: '' }),
    ).toEqual({ kind: 'missing' });
  });
});

describe('GraphCalendarWriter.endSeriesMany', () => {
  const master = (id: string, startDate = '2027-03-02') => ({
    id,
    isCancelled: false,
    start: { dateTime: `${startDate}T10:00:00.0000000`, timeZone: 'W. Europe Standard Time' },
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' },
      range: {
        type: 'endDate',
        startDate,
        endDate: '2027-05-25',
        recurrenceTimeZone: 'W. Europe Standard Time',
      },
    },
  });

  it('ends 20 series with two $batch requests: the masters read together, then the writes together', async () => {
    const { fake, writer } = writerWith((r) => {
      const id = /events\/([^/?]+)/.exec(r.path)![1]!;
      if (r.method === 'GET') return json(200, master(id, id === 'ev-19' ? '2027-05-04' : '2027-03-02'));
      return r.method === 'PATCH' ? json(200, {}) : json(202);
    });
    const items = Array.from({ length: 20 }, (_, i) => ({
      key: `p${i}`,
      organizerId: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
      eventId: `ev-${i}`,
      from: Date.parse('2027-04-12T23:30:00Z'),
      comment: 'Ended.',
    }));
    const results = await writer.endSeriesMany(items);
    expect(fake.httpRequests).toHaveLength(2);
    expect(results.get('p0')).toEqual({ kind: 'ended', lastDate: '2027-04-12' });
    // A series whose first session is still ahead is cancelled whole (one message), not shortened.
    expect(results.get('p19')).toEqual({ kind: 'cancelled-whole-series' });
    const writes = fake.logicalRequests.filter((r) => r.method !== 'GET');
    expect(writes.filter((r) => r.method === 'PATCH')).toHaveLength(19);
    expect(writes.find((r) => r.method === 'POST')!.path).toBe(
      '/users/00000000-0000-4000-8000-000000000019/events/ev-19/cancel',
    );
  });

  it('reports each failure on its own: throttling is transient, a refusal is not, a missing series is done', async () => {
    const { writer } = writerWith((r) => {
      if (r.path.includes('ev-gone')) return json(404, { error: { code: 'ErrorItemNotFound' } });
      if (r.path.includes('ev-denied')) return json(403, { error: { code: 'ErrorAccessDenied' } });
      if (r.path.includes('ev-busy'))
        return {
          status: 429,
          headers: { 'retry-after': '600' },
          body: { error: { code: 'TooManyRequests' } },
        };
      return json(200, master('ev-ok'));
    });
    const item = (key: string) => ({ key, organizerId: 'o', eventId: key, from: 0, comment: '' });
    const results = await writer.endSeriesMany(['ev-gone', 'ev-denied', 'ev-busy'].map(item));
    expect(results.get('ev-gone')).toEqual({ kind: 'missing' });
    expect(results.get('ev-denied')).toMatchObject({ kind: 'failed', transient: false });
    expect(results.get('ev-busy')).toMatchObject({ kind: 'failed', transient: true });
  });
});

describe('GraphCalendarWriter.readSeriesMany', () => {
  const instance = (id: string, day: string, responses: Record<string, string>, extra = {}) => ({
    id,
    start: { dateTime: `2027-03-${day}T09:00:00.0000000`, timeZone: 'UTC' },
    end: { dateTime: `2027-03-${day}T09:30:00.0000000`, timeZone: 'UTC' },
    attendees: Object.entries(responses).map(([address, response]) => ({
      type: 'required',
      emailAddress: { address },
      status: { response },
    })),
    ...extra,
  });

  it('reads each series’ occurrences with one request per series (20 to a $batch), following a further page', async () => {
    const { fake, writer } = writerWith((r) => {
      if (r.path.includes('page=2'))
        return json(200, { value: [instance('o2', '09', { 'ravi@x': 'accepted' }, { isCancelled: true })] });
      if (r.path.includes('/events/ev-0/'))
        return json(200, {
          value: [instance('o1', '02', { 'Ravi@x': 'declined' })],
          '@odata.nextLink': 'https://graph.example/v1.0/users/o/events/ev-0/instances?page=2',
        });
      if (r.path.includes('/events/ev-1/')) return json(404, { error: { code: 'ErrorItemNotFound' } });
      return json(200, {
        value: [instance('o9', '02', { 'mei@x': 'accepted', 'ravi@x': 'tentativelyAccepted' })],
      });
    });
    const window = { start: Date.parse('2027-03-01T00:00:00Z'), end: Date.parse('2027-03-15T00:00:00Z') };
    // Twenty organizers (each mailbox takes at most 4 requests of a batch: Outlook's concurrency limit).
    const items = Array.from({ length: 20 }, (_, i) => ({
      key: `p${i}`,
      organizerId: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
      eventId: `ev-${i}`,
      window,
    }));
    const reads = await writer.readSeriesMany(items);
    // 20 series in one $batch, plus the one further page.
    expect(fake.httpRequests).toHaveLength(2);
    expect(fake.logicalRequests[0]!.path).toBe(
      `/users/00000000-0000-4000-8000-000000000000/events/ev-0/instances?startDateTime=2027-03-01T00:00:00.000Z&endDateTime=2027-03-15T00:00:00.000Z&$select=id,isCancelled,start,end,attendees&$top=100`,
    );
    expect(reads.get('p0')).toEqual({
      kind: 'instances',
      instances: [
        {
          eventId: 'o1',
          start: Date.parse('2027-03-02T09:00:00Z'),
          end: Date.parse('2027-03-02T09:30:00Z'),
          isCancelled: false,
          responses: ['declined'],
        },
        {
          eventId: 'o2',
          start: Date.parse('2027-03-09T09:00:00Z'),
          end: Date.parse('2027-03-09T09:30:00Z'),
          isCancelled: true,
          responses: ['accepted'],
        },
      ],
    });
    expect(reads.get('p1')).toEqual({ kind: 'deleted' });
    // Two attendees (a triad): answers in address order, whoever they are.
    expect(reads.get('p2')).toMatchObject({
      instances: [{ responses: ['accepted', 'tentativelyAccepted'] }],
    });
  });

  it('reads the attendees’ answers to the series itself from the masters, in one $batch', async () => {
    const { fake, writer } = writerWith((r) =>
      r.path.includes('ev-gone')
        ? json(404, {})
        : json(200, {
            id: 'ev',
            attendees: [
              { type: 'required', emailAddress: { address: 'b@x' }, status: { response: 'declined' } },
              { type: 'required', emailAddress: { address: 'a@x' }, status: { response: 'accepted' } },
            ],
          }),
    );
    const answers = await writer.readSeriesResponses([
      { key: 'p1', organizerId: 'o', eventId: 'ev' },
      { key: 'p2', organizerId: 'o', eventId: 'ev-gone' },
    ]);
    expect(fake.httpRequests).toHaveLength(1);
    expect(answers.get('p1')).toEqual({ kind: 'responses', responses: ['accepted', 'declined'] });
    expect(answers.get('p2')).toEqual({ kind: 'deleted' });
  });
});

describe('GraphCalendarWriter.moveSeries', () => {
  const times = (() => {
    const e = buildSeriesEvent({
      ...input,
      pattern: { type: 'weekly', interval: 1, dayOfWeek: 'thursday' },
      startMinutes: 840,
      firstDate: '2027-03-11',
    });
    return { start: e.start, end: e.end, recurrence: e.recurrence };
  })();

  it('PATCHes start, end and the whole recurrence of the master in one request', async () => {
    const { fake, writer } = writerWith(() => json(200, { id: 'ev-1' }));
    expect(await writer.moveSeries({ organizerId: 'org-1', eventId: 'ev-1', times })).toEqual({
      kind: 'moved',
    });
    expect(fake.logicalRequests).toHaveLength(1);
    const patch = fake.logicalRequests[0]!;
    expect(patch.method).toBe('PATCH');
    expect(patch.path).toBe('/users/org-1/events/ev-1');
    expect(patch.body).toEqual({
      start: { dateTime: '2027-03-11T14:00:00', timeZone: 'W. Europe Standard Time' },
      end: { dateTime: '2027-03-11T14:30:00', timeZone: 'W. Europe Standard Time' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['thursday'], firstDayOfWeek: 'monday' },
        range: {
          type: 'endDate',
          startDate: '2027-03-11',
          endDate: '2027-05-25',
          recurrenceTimeZone: 'W. Europe Standard Time',
        },
      },
    });
  });

  it('reports a deleted series as missing and a refusal as a permanent failure', async () => {
    const gone = writerWith(() => json(404, { error: { code: 'ErrorItemNotFound' } }));
    expect(await gone.writer.moveSeries({ organizerId: 'o', eventId: 'ev-1', times })).toEqual({
      kind: 'missing',
    });
    const refused = writerWith(() => json(400, { error: { code: 'ErrorInvalidRequest' } }));
    expect(await refused.writer.moveSeries({ organizerId: 'o', eventId: 'ev-1', times })).toMatchObject({
      kind: 'failed',
      transient: false,
    });
  });
});
