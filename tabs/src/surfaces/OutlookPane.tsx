import { useMemo } from 'react';

import { LoadingState } from '../components/StateViews';
import { useLoad } from '../components/use-load';
import { type OutlookStart } from '../host/office-host';
import { useI18n } from '../i18n/i18n';
import { lookupFromBody } from './meeting-lookup';
import { MeetingPairing } from './MeetingPairing';
import { SurfaceFrame, SurfaceMessage } from './SurfaceFrame';

/**
 * The Outlook add-in's task pane on an appointment (outlook.html): reads the body through the Office host, finds
 * the workspace link or the Teams meeting in it, and shows that pairing's workspace — to organizer and attendee
 * alike, since both have the same body. docs/decisions/0018-finding-the-pairing-of-a-meeting.md.
 */
export function OutlookPane({ start, fetchFn }: { start: OutlookStart; fetchFn?: typeof fetch }) {
  return (
    <SurfaceFrame host={start.host} fetchFn={fetchFn}>
      <PaneContent start={start} />
    </SurfaceFrame>
  );
}

function PaneContent({ start }: { start: OutlookStart }) {
  const { t } = useI18n();
  if (start.phase === 'not-outlook')
    return (
      <SurfaceMessage title={t('surfaces.outlook.outside.title')} body={t('surfaces.outlook.outside.body')} />
    );
  if (start.phase === 'no-appointment')
    return (
      <SurfaceMessage
        title={t('surfaces.outlook.noAppointment.title')}
        body={t('surfaces.outlook.noAppointment.body')}
      />
    );
  return <AppointmentContent readBody={start.readBody} />;
}

function AppointmentContent({ readBody }: { readBody: () => Promise<string> }) {
  const { t } = useI18n();
  const body = useLoad(readBody, [readBody]);
  const query = useMemo(() => (body.phase === 'ready' ? lookupFromBody(body.data) : null), [body]);
  if (body.phase === 'loading') return <LoadingState />;
  if (body.phase === 'error')
    return (
      <SurfaceMessage intent="warning" title={t('app.error.title')} body={t('surfaces.outlook.unreadable')} />
    );
  return <MeetingPairing query={query} />;
}
