import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useEffect } from 'react';

import { type MeetingPairingResponse } from '../../../functions/src/contracts/meetings';
import { type HostContext, type HostStart } from '../host/host-context';
import { useI18n } from '../i18n/i18n';
import { lookupFromMeeting, meetingTabSettings } from './meeting-lookup';
import { MeetingPairing } from './MeetingPairing';
import { SurfaceFrame, SurfaceMessage } from './SurfaceFrame';

/**
 * The Teams meeting surfaces of the configurable tab (manifest `configurableTabs`, contexts meetingSidePanel,
 * meetingChatTab, meetingDetailsTab): `?view=meeting` shows the workspace of the pairing the meeting belongs to,
 * `?view=meeting-config` is its settings page, which saves that pairing in the content URL. Outside a Teams
 * meeting both say where they work.
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
        render={(found) => <SettingsReady host={host} tabSettings={tabSettings} found={found} />}
      />
    );
  }
  return <MeetingPairing query={query} />;
}

/** The settings page for a session's meeting: say what will be added, and let Teams' Save store it. */
function SettingsReady({
  host,
  tabSettings,
  found,
}: {
  host: HostContext;
  tabSettings: NonNullable<HostContext['tabSettings']>;
  found: MeetingPairingResponse;
}) {
  const i18n = useI18n();
  const peer = i18n.formatList(found.pairing.peers.map((p) => p.displayName));
  useEffect(() => {
    tabSettings.onSave(() => meetingTabSettings(window.location.origin, found.pairing.id));
    tabSettings.setValid(true);
  }, [tabSettings, found.pairing.id, host]);
  return (
    <MessageBar intent="success" layout="multiline" data-testid="surface-ready">
      <MessageBarBody>{i18n.t('surfaces.config.ready', { peer })}</MessageBarBody>
    </MessageBar>
  );
}
