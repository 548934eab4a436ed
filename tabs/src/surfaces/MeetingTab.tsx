import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useEffect, useState } from 'react';

import { type MeetingPairingResponse } from '../../../functions/src/contracts/meetings';
import { type HostStart, type TabSettings } from '../host/host-context';
import { useI18n } from '../i18n/i18n';
import { lookupFromMeeting, meetingTabSettings } from './meeting-lookup';
import { MeetingPairing } from './MeetingPairing';
import { MeetingPairingChoice } from './MeetingPairingChoice';
import { SurfaceFrame, SurfaceMessage } from './SurfaceFrame';

/**
 * The Teams meeting surfaces of the configurable tab (manifest `configurableTabs`, contexts meetingSidePanel,
 * meetingChatTab, meetingDetailsTab): `?view=meeting` shows the workspace of the pairing the meeting belongs to,
 * `?view=meeting-config` is its settings page, which saves that pairing in the content URL — the one the meeting's
 * thread names, or, where it names none of mine, the one I choose. Outside a Teams meeting both say where they work.
 */
export function MeetingTab({
  start,
  settings,
  fetchFn,
}: {
  start: HostStart;
  settings: boolean;
  fetchFn?: typeof fetch;
}) {
  return (
    <SurfaceFrame host={start.host} fetchFn={fetchFn}>
      <MeetingContent start={start} settings={settings} />
    </SurfaceFrame>
  );
}

function MeetingContent({ start, settings }: { start: HostStart; settings: boolean }) {
  const { t } = useI18n();
  const host = start.host;
  const saved = new URLSearchParams(window.location.search).get('pairing');
  const query =
    start.phase === 'ready' ? lookupFromMeeting(host.meetingThread, settings ? null : saved) : null;
  if (start.phase !== 'ready' || host.kind !== 'teams' || !query)
    return (
      <SurfaceMessage title={t('surfaces.meeting.outside.title')} body={t('surfaces.meeting.outside.body')} />
    );
  if (settings && host.tabSettings) {
    const tabSettings = host.tabSettings;
    return (
      <MeetingPairing
        query={query}
        render={(found) => <SettingsReady tabSettings={tabSettings} found={found} />}
        notFound={() => <SettingsChoice tabSettings={tabSettings} />}
      />
    );
  }
  return <MeetingPairing query={query} />;
}

/**
 * What Teams' Save stores: the pairing in the content URL, however the page found it. Save stays disabled while
 * there is none (Teams keeps the previous validity otherwise).
 */
function useSaveSettings(tabSettings: TabSettings, pairingId: string | null) {
  useEffect(() => {
    if (pairingId === null) {
      tabSettings.setValid(false);
      return;
    }
    tabSettings.onSave(() => meetingTabSettings(window.location.origin, pairingId));
    tabSettings.setValid(true);
  }, [tabSettings, pairingId]);
}

/** The settings page for a session's meeting: say what will be added, and let Teams' Save store it. */
function SettingsReady({ tabSettings, found }: { tabSettings: TabSettings; found: MeetingPairingResponse }) {
  const i18n = useI18n();
  const peer = i18n.formatList(found.pairing.peers.map((p) => p.displayName));
  useSaveSettings(tabSettings, found.pairing.id);
  return (
    <MessageBar intent="success" layout="multiline" data-testid="surface-ready">
      <MessageBarBody>{i18n.t('surfaces.config.ready', { peer })}</MessageBarBody>
    </MessageBar>
  );
}

/** The meeting's thread named none of my pairings (a short join link has none): I say which session it is. */
function SettingsChoice({ tabSettings }: { tabSettings: TabSettings }) {
  const [chosen, setChosen] = useState<string | null>(null);
  useSaveSettings(tabSettings, chosen);
  return <MeetingPairingChoice onChoose={setChosen} />;
}
