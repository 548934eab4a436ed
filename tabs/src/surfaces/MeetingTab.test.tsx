import '../testing/jsdom-polyfills';

import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';

import { type PairingsResponse } from '../../../functions/src/contracts/employee';
import { createFakeHost } from '../host/fake-host';
import { type TabSettings, type TabSettingsValue } from '../host/host-context';
import { loadMessages } from '../i18n/catalogs';
import { circle, fakeFetch, pairing } from '../testing/fixtures';
import { MeetingTab } from './MeetingTab';

const THREAD = '19:meeting_U2hvcnRKb2luTGlua01lZXRpbmc@thread.v2';

/** Teams' settings page as the tab sees it: what validity it was given last, and what Save would store. */
function fakeTabSettings() {
  const state: { validity: boolean[]; save: (() => TabSettingsValue) | null } = { validity: [], save: null };
  const tabSettings: TabSettings = {
    setValid: (valid) => state.validity.push(valid),
    onSave: (save) => {
      state.save = save;
    },
  };
  return { tabSettings, state, savedPairing: () => savedPairingOf(state.save) };
}

function savedPairingOf(save: (() => TabSettingsValue) | null): string | null {
  if (!save) return null;
  return new URL(save().contentUrl).searchParams.get('pairing');
}

// Two current pairings that differ in everything the choice shows: peers, program, next session (one has none).
const growth = pairing;
const onboarding = {
  ...circle,
  programId: 'onboarding',
  programName: 'Onboarding buddies',
  nextSession: null,
};

function renderSettings({
  meetingPairing,
  pairings,
  locale = 'en-US',
}: {
  meetingPairing: 'found' | 'none';
  pairings: PairingsResponse;
  locale?: string;
}) {
  const settings = fakeTabSettings();
  const fetchFn = fakeFetch({
    'GET me/meeting-pairing': ({ query }) =>
      meetingPairing === 'found' && query.get('thread') === THREAD
        ? { status: 200, body: { pairing: growth, matchedBy: 'meeting-thread' } }
        : { status: 404, body: { error: { code: 'not_found', message: 'not found' } } },
    'GET pairings': () => ({ status: 200, body: pairings }),
  });
  const host = createFakeHost({
    kind: 'teams',
    locale,
    meetingThread: THREAD,
    tabSettings: settings.tabSettings,
  });
  render(<MeetingTab start={{ phase: 'ready', host }} settings fetchFn={fetchFn} />);
  return { ...settings, fetchFn };
}

describe('the meeting settings page', () => {
  beforeEach(() => window.history.replaceState({}, '', '/?view=meeting-config'));

  it('when the thread names none of my pairings, offers my current pairings and saves the one I choose', async () => {
    const { state, savedPairing, fetchFn } = renderSettings({
      meetingPairing: 'none',
      pairings: { current: [growth, onboarding], past: [{ ...growth, id: 'old-pairing' }] },
    });
    const group = await screen.findByRole('radiogroup', {
      name: 'Which of your Pairwise sessions is this meeting?',
    });
    expect(fetchFn.calls).toEqual(['GET me/meeting-pairing', 'GET pairings']);
    const radios = within(group).getAllByRole('radio');
    // Only current pairings; past ones are not sessions any more.
    expect(radios.map((r) => r.getAttribute('value'))).toEqual(['pairing-1', 'circle-1']);
    expect(radios.every((r) => !(r as HTMLInputElement).checked)).toBe(true);
    const ada = within(group).getByRole('radio', { name: /^With Ada Lovelace Growth peers · next session / });
    const circleRadio = within(group).getByRole('radio', {
      name: 'With Ada Lovelace, Katherine Johnson, and Alan Turing Onboarding buddies · no session booked yet',
    });
    // The hint (why Pairwise asks) is read with each choice.
    const hintId = ada.getAttribute('aria-describedby')!;
    expect(document.getElementById(hintId)?.textContent).toMatch(/^Pairwise could not tell from the meeting/);
    // Nothing chosen yet: Save stays disabled and stores nothing.
    expect(state.validity).toEqual([false]);
    expect(savedPairing()).toBeNull();

    fireEvent.click(circleRadio);
    await waitFor(() => expect(savedPairing()).toBe('circle-1'));
    expect(state.validity.at(-1)).toBe(true);
    expect(state.save!().contentUrl).toBe(`${window.location.origin}/?view=meeting&pairing=circle-1`);

    fireEvent.click(ada);
    await waitFor(() => expect(savedPairing()).toBe('pairing-1'));
    expect(state.validity.at(-1)).toBe(true);
  });

  it('with no current pairing: the polite message, nothing to choose, Save stays disabled', async () => {
    const { state, savedPairing } = renderSettings({
      meetingPairing: 'none',
      pairings: { current: [], past: [growth] },
    });
    await screen.findByText('Not one of your Pairwise sessions');
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(state.validity).not.toContain(true);
    expect(savedPairing()).toBeNull();
  });

  it('when the thread finds my pairing: names the peer and saves it, without offering a choice', async () => {
    const { state, savedPairing, fetchFn } = renderSettings({
      meetingPairing: 'found',
      pairings: { current: [onboarding, growth], past: [] },
    });
    await screen.findByText(
      'Pairwise will show your workspace with Ada Lovelace in this meeting. Select Save to add it.',
    );
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(fetchFn.calls).toEqual(['GET me/meeting-pairing']);
    expect(state.validity).toEqual([true]);
    expect(savedPairing()).toBe('pairing-1');
  });

  it('asks in the person’s language (German, Sie)', async () => {
    await loadMessages('de');
    renderSettings({ meetingPairing: 'none', pairings: { current: [growth], past: [] }, locale: 'de-DE' });
    const group = await screen.findByRole('radiogroup', {
      name: 'Welche Ihrer Pairwise-Sitzungen ist diese Besprechung?',
    });
    within(group).getByRole('radio', { name: /^Mit Ada Lovelace Growth peers · nächste Sitzung / });
  });
});

describe('the meeting side panel', () => {
  it('in a meeting that names none of my pairings and has none saved: the polite message, no choice', async () => {
    window.history.replaceState({}, '', '/?view=meeting');
    const fetchFn = fakeFetch({
      'GET pairings': () => ({ status: 200, body: { current: [growth], past: [] } }),
    });
    const host = createFakeHost({ kind: 'teams', meetingThread: THREAD });
    render(<MeetingTab start={{ phase: 'ready', host }} settings={false} fetchFn={fetchFn} />);
    await screen.findByText('Not one of your Pairwise sessions');
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(fetchFn.calls).toEqual(['GET me/meeting-pairing']);
  });
});
