import fc from 'fast-check';

import { deepLinkInto } from './activity-links';
import {
  findMeetingMarkers,
  meetingThreadOf,
  meetingThreadOfContext,
  workspacePairingOf,
  workspaceTarget,
} from './meeting-links';

const APP = 'https://teams.microsoft.com/l/entity/5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10/mentoring';
const THREAD = '19:meeting_NjQ5ZTMxYmYtZDkzOC00OWQ3LWJkZTAtY2RkOTEwYzU1MDU2@thread.v2';
const JOIN = `https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5ZTMxYmYtZDkzOC00OWQ3LWJkZTAtY2RkOTEwYzU1MDU2%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%7d`;

describe('workspace links', () => {
  it.each([
    [
      'a Teams deep link (what the invitation carries in Teams)',
      deepLinkInto(APP, workspaceTarget('p-abc')),
      'p-abc',
    ],
    [
      'the tab’s own URL (local mode)',
      deepLinkInto('https://pairwise.example.com/', workspaceTarget('p_2')),
      'p_2',
    ],
    ['another place of the tab', deepLinkInto(APP, 'feedback'), null],
    ['the tab without a place', APP, null],
    [
      'a target with a path trick',
      `${APP}?context=${encodeURIComponent('{"subEntityId":"workspace/../admin"}')}`,
      null,
    ],
    ['an id that is not ours', 'https://pairwise.example.com/#/workspace/a%20b', null],
    ['a context that is not JSON', `${APP}?context=%7Bnope`, null],
    ['not a URL', 'workspace/p-abc', null],
  ])('%s', (_name, link, expected) => {
    expect(workspacePairingOf(link)).toBe(expected);
  });

  it('reads back every id it writes (both link forms)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/), (id) => {
        expect(workspacePairingOf(deepLinkInto(APP, workspaceTarget(id)))).toBe(id);
        expect(workspacePairingOf(deepLinkInto('https://tab.example/', workspaceTarget(id)))).toBe(id);
      }),
    );
  });
});

describe('meetingThreadOf', () => {
  it.each([
    ['a Teams join URL', JOIN, THREAD],
    ['upper-case escapes', JOIN.replace('%3a', '%3A').replace('%40', '%40'), THREAD],
    [
      'the short join link (no thread in it)',
      'https://teams.microsoft.com/meet/2345678901234?p=abcdEF',
      null,
    ],
    ['another host', JOIN.replace('teams.microsoft.com', 'teams.evil.example'), null],
    ['a deep link that is not a join link', APP, null],
    ['junk', 'not a url', null],
  ])('%s', (_name, url, expected) => {
    expect(meetingThreadOf(url)).toBe(expected);
  });
});

describe('findMeetingMarkers', () => {
  const workspaceLink = deepLinkInto(APP, workspaceTarget('p-abc'));
  const asHref = (url: string) => url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

  it.each([
    [
      'the invitation as Outlook returns it: HTML-escaped links in two languages and the Teams block below',
      `<div lang="en"><p><a href="${asHref(workspaceLink)}">Open your pair workspace</a></p></div><hr>` +
        `<div lang="de"><p><a href="${asHref(workspaceLink)}">Arbeitsbereich</a></p></div>` +
        `<div>Microsoft Teams meeting <a href="${asHref(JOIN)}">Join the meeting now</a></div>`,
      { pairingIds: ['p-abc'], threads: [THREAD] },
    ],
    [
      'plain text (a client that returns text)',
      `Open your pair workspace <${workspaceLink}>\nJoin: ${JOIN}`,
      { pairingIds: ['p-abc'], threads: [THREAD] },
    ],
    [
      'links rewritten by Safe Links',
      `<a href="https://eur01.safelinks.protection.outlook.com/?url=${encodeURIComponent(workspaceLink)}&amp;data=05%7C01">x</a>`,
      { pairingIds: ['p-abc'], threads: [] },
    ],
    [
      'an older invitation: only the tab link and the join link',
      `<a href="${APP}">Open Pairwise</a> <a href="${asHref(JOIN)}">Join</a>`,
      { pairingIds: [], threads: [THREAD] },
    ],
    [
      'any other meeting',
      '<p>Quarterly review</p><a href="https://example.com/agenda">agenda</a>',
      { pairingIds: [], threads: [] },
    ],
    ['an empty body', '', { pairingIds: [], threads: [] }],
  ])('%s', (_name, body, expected) => {
    expect(findMeetingMarkers(body)).toEqual(expected);
  });
});

describe('meetingThreadOfContext', () => {
  it.each([
    ['the meeting chat id', THREAD, undefined, THREAD],
    ['the meeting id when there is no chat id', undefined, btoa(`0#${THREAD}#0`), THREAD],
    ['a 1:1 chat is no meeting', '19:abc_def@unq.gbl.spaces', undefined, null],
    ['a meeting id that is not base64 of a thread', undefined, 'not-base64!', null],
    ['nothing', null, null, null],
  ])('%s', (_name, chatId, meetingId, expected) => {
    expect(meetingThreadOfContext(chatId, meetingId)).toBe(expected);
  });
});
