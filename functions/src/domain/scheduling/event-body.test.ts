import {
  BOOKING_MARKER_PROPERTY_ID,
  bookingMarkerValue,
  buildSeriesEvent,
  graphTimeZoneName,
  type SeriesEventInput,
} from './event-body';
import { bookingTransactionId } from './transaction-id';

const base: SeriesEventInput = {
  tenantId: 'tenant-1',
  pairingId: 'pairing-9',
  attempt: 1,
  organizer: { mailbox: 'ana@contoso.example', displayName: 'Ana' },
  attendee: { mailbox: 'ravi@contoso.example', displayName: 'Ravi <R&D>' },
  program: { name: 'Peer Circle', allowNewTimeProposals: false },
  reasons: [
    { kind: 'different-department', data: { departments: ['Sales'] } },
    { kind: 'teaches', data: { teacherId: 'ravi', learnerId: 'ana', topics: ['public speaking'] } },
    { kind: 'admin-override', data: {} },
    { kind: 'cadence', data: { cadence: 'biweekly', basis: 'shared-preference' } },
  ],
  memberNames: new Map([
    ['ana', 'Ana'],
    ['ravi', 'Ravi <R&D>'],
  ]),
  tabDeepLink: 'https://teams.microsoft.com/l/entity/app-id/pairings?context=%7B%7D&x="y"',
  pattern: { type: 'weekly', interval: 2, dayOfWeek: 'tuesday' },
  startMinutes: 10 * 60 + 30,
  durationMinutes: 45,
  firstDate: '2027-03-09',
  lastDate: '2027-05-28',
  organizerZone: 'Europe/Berlin',
};

describe('buildSeriesEvent', () => {
  it('builds a biweekly series ending with the round, in the organizer’s zone', () => {
    const event = buildSeriesEvent(base);
    expect(event.start).toEqual({ dateTime: '2027-03-09T10:30:00', timeZone: 'W. Europe Standard Time' });
    expect(event.end).toEqual({ dateTime: '2027-03-09T11:15:00', timeZone: 'W. Europe Standard Time' });
    expect(event.recurrence).toEqual({
      pattern: { type: 'weekly', interval: 2, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' },
      range: {
        type: 'endDate',
        startDate: '2027-03-09',
        endDate: '2027-05-28',
        recurrenceTimeZone: 'W. Europe Standard Time',
      },
    });
    // Graph rejects a series whose range.startDate differs from the start's date.
    expect(event.recurrence.range.startDate).toBe(event.start.dateTime.slice(0, 10));
    expect(event).toMatchObject({
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      allowNewTimeProposals: false,
      attendees: [
        { emailAddress: { address: 'ravi@contoso.example', name: 'Ravi <R&D>' }, type: 'required' },
      ],
      transactionId: bookingTransactionId('tenant-1', 'pairing-9', 1),
      singleValueExtendedProperties: [
        { id: BOOKING_MARKER_PROPERTY_ID, value: bookingMarkerValue('tenant-1', 'pairing-9') },
      ],
    });
  });

  it('a relativeMonthly series carries index and no firstDayOfWeek', () => {
    const event = buildSeriesEvent({
      ...base,
      pattern: { type: 'relativeMonthly', dayOfWeek: 'thursday', index: 'third' },
      firstDate: '2027-03-18',
    });
    expect(event.recurrence.pattern).toEqual({
      type: 'relativeMonthly',
      interval: 1,
      daysOfWeek: ['thursday'],
      index: 'third',
    });
  });

  it('renders reasons in plain words, escapes names and the link, and fills the template', () => {
    const event = buildSeriesEvent({
      ...base,
      program: { ...base.program, subjectTemplate: '{program} · {organizer} & {attendee}' },
    });
    expect(event.subject).toBe('Peer Circle · Ana & Ravi <R&D>');
    expect(event.body.contentType).toBe('html');
    expect(event.body.content).toContain(
      '<li>You work in different departments and can show each other how the rest of the company works.</li>',
    );
    expect(event.body.content).toContain(
      '<li>Ravi &lt;R&amp;D&gt; can share what Ana wants to learn: public speaking.</li>',
    );
    expect(event.body.content).toContain('<li>You meet every two weeks, the rhythm you both chose.</li>');
    // An admin's override is not a reason the pair reads.
    expect(event.body.content.match(/<li>/g)).toHaveLength(3);
    expect(event.body.content).toContain(
      'href="https://teams.microsoft.com/l/entity/app-id/pairings?context=%7B%7D&amp;x=&quot;y&quot;"',
    );
    expect(event.body.content).not.toContain('<R&D>');
  });

  it('fills the backend program policy placeholders ({programName}, {peerNames}, {reasons}, {tabLink})', () => {
    const event = buildSeriesEvent({
      ...base,
      reasons: [{ kind: 'shared-goal', data: { goals: ['network-building'] } }],
      program: {
        ...base.program,
        subjectTemplate: '{programName}: peer mentoring ({peerNames})',
        bodyTemplate: 'Hi {peerNames}! {reasons}\nSee {tabLink}',
      },
    });
    expect(event.subject).toBe('Peer Circle: peer mentoring (Ana and Ravi <R&D>)');
    expect(event.body.content).toBe(
      '<p>Hi Ana and Ravi &lt;R&amp;D&gt;! You share goals: network building.<br>See https://teams.microsoft.com/l/entity/app-id/pairings?context=%7B%7D&amp;x=&quot;y&quot;</p>',
    );
  });

  it('a group of three: both other members are required attendees, names and reasons read for three', () => {
    const triad = buildSeriesEvent({
      ...base,
      moreAttendees: [{ mailbox: 'mei@contoso.example', displayName: 'Mei' }],
      program: {
        ...base.program,
        subjectTemplate: '{program}: {peerNames}',
        bodyTemplate: 'Hi {attendee}, {organizer} set this up.',
      },
    });
    expect(triad.attendees).toEqual([
      { emailAddress: { address: 'ravi@contoso.example', name: 'Ravi <R&D>' }, type: 'required' },
      { emailAddress: { address: 'mei@contoso.example', name: 'Mei' }, type: 'required' },
    ]);
    expect(triad.subject).toBe('Peer Circle: Ana, Ravi <R&D> and Mei');
    expect(triad.body.content).toContain('<p>Hi Ravi &lt;R&amp;D&gt; and Mei, Ana set this up.</p>');
    expect(triad.body.content).toContain('<p>Why you three:</p>');
    expect(triad.body.content).not.toContain('Why you two');
    expect(buildSeriesEvent(base).body.content).toContain('<p>Why you two:</p>');
    // Same pairing and attempt → same transactionId and marker, whatever the group size.
    expect(triad.transactionId).toBe(buildSeriesEvent(base).transactionId);
    expect(triad.singleValueExtendedProperties).toEqual(buildSeriesEvent(base).singleValueExtendedProperties);
    expect(buildSeriesEvent({ ...base, moreAttendees: [] })).toEqual(buildSeriesEvent(base));
  });

  it('uses the default text when the program’s body template is empty', () => {
    expect(
      buildSeriesEvent({ ...base, program: { ...base.program, bodyTemplate: '' } }).body.content,
    ).toContain('You have been paired in Peer Circle.');
  });

  it('is deterministic, and a new attempt changes only the transactionId', () => {
    expect(buildSeriesEvent(base)).toEqual(buildSeriesEvent(base));
    const retry = buildSeriesEvent({ ...base, attempt: 2 });
    expect(retry.transactionId).not.toBe(buildSeriesEvent(base).transactionId);
    expect({ ...retry, transactionId: '' }).toEqual({ ...buildSeriesEvent(base), transactionId: '' });
  });

  it.each([
    ['Asia/Kolkata', 'India Standard Time'],
    ['America/New_York', 'Eastern Standard Time'],
    ['Etc/Unknown-Zone', 'Etc/Unknown-Zone'],
  ])('names %s as %s for Graph', (iana, windows) => {
    expect(graphTimeZoneName(iana)).toBe(windows);
  });
});
