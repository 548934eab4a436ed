import { findMeetingMarkers } from '../pairings/meeting-links';
import { localeFor, textLocaleOf } from '../texts';
import {
  BOOKING_MARKER_PROPERTY_ID,
  bookingMarkerValue,
  buildSeriesEvent,
  graphTimeZoneName,
  type SeriesEventInput,
} from './event-body';
import { bookingTransactionId } from './transaction-id';

const british = textLocaleOf('en-GB');
const german = textLocaleOf('de-DE');

const base: SeriesEventInput = {
  tenantId: 'tenant-1',
  pairingId: 'pairing-9',
  attempt: 1,
  organizer: { mailbox: 'ana@contoso.example', displayName: 'Ana', locale: british },
  attendee: { mailbox: 'ravi@contoso.example', displayName: 'Ravi <R&D>', locale: british },
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
      '<div lang="en-GB"><p>Hi Ana and Ravi &lt;R&amp;D&gt;! You share a goal: network building.<br>See https://teams.microsoft.com/l/entity/app-id/pairings?context=%7B%7D&amp;x=&quot;y&quot;</p><p>Your sessions run until 28 May 2027, when this round ends.</p>' +
        // The workspace link stays, whatever the template: the Outlook pane finds the pairing by it.
        '<p><a href="https://teams.microsoft.com/l/entity/app-id/pairings?context=%7B%7D&amp;x=&quot;y&quot;?context=%7B%22subEntityId%22%3A%22workspace%2Fpairing-9%22%7D">Open your pair workspace</a> for this session’s agenda, your shared goals and your check-ins.</p></div>',
    );
  });

  it('a group of three: both other members are required attendees, names and reasons read for three', () => {
    const triad = buildSeriesEvent({
      ...base,
      moreAttendees: [{ mailbox: 'mei@contoso.example', displayName: 'Mei', locale: british }],
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

  it('a circle of five: every other member a required attendee, the reasons headed for a group', () => {
    const others = ['Mei', 'Joss', 'Kai'].map((name) => ({
      mailbox: `${name.toLowerCase()}@contoso.example`,
      displayName: name,
      locale: british,
    }));
    const circle = buildSeriesEvent({ ...base, moreAttendees: others });
    expect(circle.attendees.map((a) => a.emailAddress.address)).toEqual([
      'ravi@contoso.example',
      'mei@contoso.example',
      'joss@contoso.example',
      'kai@contoso.example',
    ]);
    expect(circle.attendees.every((a) => a.type === 'required')).toBe(true);
    expect(circle.body.content).toContain('<p>Why you are together:</p>');
    expect(circle.body.content).not.toMatch(/Why you (two|three)/);
  });

  it('a German attendee: the body opens in the organizer’s English, then all of it in German below a rule', () => {
    const event = buildSeriesEvent({ ...base, attendee: { ...base.attendee, locale: german } });
    // One event on both calendars: the subject is the organizer's language alone.
    expect(event.subject).toBe('Peer Circle: Ana and Ravi <R&D>');
    const sections = event.body.content.split('<hr>');
    expect(sections).toHaveLength(2);
    const [english, deutsch] = sections as [string, string];
    expect(english).toMatch(/^<div lang="en-GB"><p>You have been paired in Peer Circle\./);
    expect(english).toContain('<p>Why you two:</p>');
    expect(english).toContain('<p>Your sessions run until 28 May 2027, when this round ends.</p>');
    expect(deutsch).toMatch(
      /^<div lang="de-DE"><p>Sie wurden in Peer Circle für das Peer-Mentoring zusammengebracht\./,
    );
    expect(deutsch).toContain('<p>Warum Sie beide:</p>');
    expect(deutsch).toContain(
      '<li>Sie arbeiten in verschiedenen Abteilungen und können einander zeigen, wie der Rest des Unternehmens arbeitet.</li>',
    );
    expect(deutsch).toContain(
      '<li>Ravi &lt;R&amp;D&gt; kann weitergeben, was Ana lernen möchte: public speaking.</li>',
    );
    expect(deutsch).toContain(
      '<li>Sie treffen sich alle zwei Wochen – im Rhythmus, den Sie beide gewählt haben.</li>',
    );
    expect(deutsch).toContain('<p>Ihre Sitzungen laufen bis zum 28. Mai 2027, dem Ende dieser Runde.</p>');
    expect(deutsch).toContain(
      '>Pairwise öffnen</a>, um Ihren Peer zu sehen, eine Sitzung auszulassen, zu pausieren oder Feedback zu geben.</p>',
    );
    // The admin's override stays out in every language; no English word leaks into the German version.
    expect(deutsch.match(/<li>/g)).toHaveLength(3);
    expect(deutsch.replace(/<[^>]+>/g, ' ')).not.toMatch(/\b(You|Your|Why|Open|and)\b/);
  });

  it('a German organizer and an Austrian attendee read one German body; the subject joins names in German', () => {
    const event = buildSeriesEvent({
      ...base,
      organizer: { ...base.organizer, locale: german },
      attendee: { ...base.attendee, locale: localeFor({ mailboxLanguage: 'de-at' }) },
    });
    expect(event.subject).toBe('Peer Circle: Ana und Ravi <R&D>');
    expect(event.body.content).not.toContain('<hr>');
    expect(event.body.content).toMatch(/^<div lang="de-DE">/);
    expect(event.body.content).toContain('<p>Warum Sie beide:</p>');
  });

  it('an attendee whose language has no catalog (Spanish) reads the English body: no second version', () => {
    const event = buildSeriesEvent({
      ...base,
      attendee: {
        ...base.attendee,
        locale: localeFor({ mailboxLanguage: 'es-ES', preferredLanguage: 'de-DE' }),
      },
    });
    expect(event.body.content).not.toContain('<hr>');
    expect(event.body.content).toContain('<p>Why you two:</p>');
  });

  it('a group of three in three languages: organizer’s first, then each other language once, in member order', () => {
    const event = buildSeriesEvent({
      ...base,
      attendee: { ...base.attendee, locale: german },
      moreAttendees: [{ mailbox: 'mei@contoso.example', displayName: 'Mei', locale: textLocaleOf('fr-CA') }],
      program: { ...base.program, bodyTemplate: 'Hi {peerNames}!' },
    });
    const sections = event.body.content.split('<hr>');
    expect(sections.map((s) => /^<div lang="([^"]+)">/.exec(s)?.[1])).toEqual(['en-GB', 'de-DE', 'fr-CA']);
    // The program's own intro is kept as written; its lists are joined in each version's language.
    expect(sections[0]).toContain('<p>Hi Ana, Ravi &lt;R&amp;D&gt; and Mei!</p>');
    expect(sections[1]).toContain('<p>Hi Ana, Ravi &lt;R&amp;D&gt; und Mei!</p>');
    expect(sections[2]).toContain('<p>Hi Ana, Ravi &lt;R&amp;D&gt; et Mei!</p>');
    expect(sections[2]).toContain('<p>Pourquoi vous trois\u202f:</p>');
    expect(sections[2]).toContain('Vos séances ont lieu jusqu’au 28 mai 2027, à la fin de ce tour.');
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

describe('the link to the pair workspace', () => {
  const teamsTab = 'https://teams.microsoft.com/l/entity/5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10/mentoring';

  it.each([
    ['the default text, Teams deep link', teamsTab, undefined],
    ['a program template that places {tabLink} itself', teamsTab, 'Hello {peerNames}, see {tabLink}'],
    ['local mode: the tab’s own URL', 'https://localhost:7071/', undefined],
  ])(
    'is in every language’s section and reads back as the pairing (%s)',
    (_name, tabDeepLink, bodyTemplate) => {
      const event = buildSeriesEvent({
        ...base,
        tabDeepLink,
        attendee: { ...base.attendee, locale: german },
        program: { ...base.program, ...(bodyTemplate ? { bodyTemplate } : {}) },
      });
      const sections = event.body.content.split('<hr>');
      expect(sections).toHaveLength(2);
      for (const section of sections)
        expect(findMeetingMarkers(section)).toEqual({ pairingIds: ['pairing-9'], threads: [] });
      expect(sections[0]).toContain('>Open your pair workspace</a> for this session’s agenda');
      expect(sections[1]).toContain('>Ihren gemeinsamen Arbeitsbereich öffnen</a>');
    },
  );
});
