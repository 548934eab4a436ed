/**
 * @jest-environment node
 */
// Pure logic over the booking's real invitation builder, which hashes with TextEncoder (jsdom has none).
import { buildSeriesEvent, type SeriesEventInput } from '../../../functions/src/domain/scheduling/event-body';
import { lookupFromBody, lookupFromMeeting, meetingTabSettings } from './meeting-lookup';

const THREAD = '19:meeting_ZDk0YzQ1NDEtMGE4ZS00@thread.v2';
const JOIN = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(THREAD)}/0?context=%7b%7d`;

/** The body the booking writes (the real builder), as Outlook hands it to the pane, with Teams' join block. */
function invitation(pairingId: string, tabDeepLink: string): string {
  const input: SeriesEventInput = {
    tenantId: 't',
    pairingId,
    attempt: 0,
    organizer: { mailbox: 'a@contoso.example', displayName: 'Ana' },
    attendee: { mailbox: 'b@contoso.example', displayName: 'Ben' },
    program: { name: 'Peers', allowNewTimeProposals: true },
    reasons: [],
    memberNames: new Map(),
    tabDeepLink,
    pattern: { type: 'weekly', interval: 1, dayOfWeek: 'monday' },
    startMinutes: 600,
    durationMinutes: 30,
    firstDate: '2026-06-01',
    lastDate: '2026-06-29',
    organizerZone: 'Europe/Berlin',
  };
  return `${buildSeriesEvent(input).body.content}<div>Microsoft Teams meeting <a href="${JOIN.replace(/&/g, '&amp;')}">Join</a></div>`;
}

describe('lookupFromBody (the Outlook pane)', () => {
  it.each([
    [
      'a booked session (Teams deep link)',
      invitation('p-7q2', 'https://teams.microsoft.com/l/entity/app/mentoring'),
      { pairingId: 'p-7q2', thread: THREAD },
    ],
    [
      'a booked session (local mode link)',
      invitation('p_local', 'http://localhost:7071/'),
      { pairingId: 'p_local', thread: THREAD },
    ],
    [
      'an older invitation with only the Teams join link',
      `<p>Peers</p><a href="${JOIN}">Join</a>`,
      { thread: THREAD },
    ],
    ['a meeting with nothing of ours', '<p>Team sync</p>', null],
  ])('%s', (_name, body, expected) => {
    expect(lookupFromBody(body)).toEqual(expected);
  });
});

describe('lookupFromMeeting (the Teams side panel)', () => {
  it.each([
    ['in the meeting', THREAD, null, { thread: THREAD }],
    ['with the pairing its settings saved', THREAD, 'p-1', { pairingId: 'p-1', thread: THREAD }],
    ['a saved value that is not an id', THREAD, '../admin', { thread: THREAD }],
    ['outside a meeting', null, null, null],
    ['a thread that is not a meeting', '19:x@thread.v2', null, null],
  ])('%s', (_name, thread, saved, expected) => {
    expect(lookupFromMeeting(thread, saved)).toEqual(expected);
  });

  it('the settings page saves the pairing in the content URL the panel reads back', () => {
    const settings = meetingTabSettings('https://pairwise.example.com', 'p-1');
    const url = new URL(settings.contentUrl);
    expect(lookupFromMeeting(THREAD, url.searchParams.get('pairing'))).toEqual({
      pairingId: 'p-1',
      thread: THREAD,
    });
    expect(url.searchParams.get('view')).toBe('meeting');
  });
});
