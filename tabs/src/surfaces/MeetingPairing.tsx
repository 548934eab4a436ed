import { type ReactNode, useMemo } from 'react';

import {
  type MeetingPairingQuery,
  type MeetingPairingResponse,
} from '../../../functions/src/contracts/meetings';
import { createMeetingApi } from '../api/meeting-api';
import { useServices } from '../components/AppProviders';
import { ErrorState, LoadingState } from '../components/StateViews';
import { useLoad } from '../components/use-load';
import { useI18n } from '../i18n/i18n';
import { SessionWorkspace } from './SessionWorkspace';
import { SurfaceMessage } from './SurfaceFrame';

/**
 * Asks the API which of my pairings the meeting belongs to and shows its workspace; any other meeting gets the
 * polite "not one of your sessions" (so does a meeting that names nothing of ours, without asking the API).
 * `render` replaces the workspace where the surface shows something else for a found pairing, and `notFound` the
 * polite message where it can do better (both for the settings page, which then lets the person choose).
 */
export function MeetingPairing({
  query,
  render,
  notFound,
}: {
  query: MeetingPairingQuery | null;
  render?: (found: MeetingPairingResponse) => ReactNode;
  notFound?: () => ReactNode;
}) {
  const { t } = useI18n();
  const { http } = useServices();
  const api = useMemo(() => createMeetingApi(http), [http]);
  const found = useLoad(
    () => (query ? api.findPairing(query) : Promise.resolve(null)),
    [api, query?.pairingId, query?.thread],
  );
  if (found.phase === 'loading') return <LoadingState />;
  if (found.phase === 'error') return <ErrorState error={found.error} onRetry={found.reload} />;
  if (!found.data)
    return notFound ? (
      notFound()
    ) : (
      <SurfaceMessage title={t('surfaces.notSession.title')} body={t('surfaces.notSession.body')} />
    );
  return render ? render(found.data) : <SessionWorkspace pairing={found.data.pairing} />;
}
