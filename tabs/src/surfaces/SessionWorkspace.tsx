import { type PairingView } from '../../../functions/src/contracts/employee';
import { WorkspacePanel } from '../workspace/WorkspacePanel';

/**
 * The one place the Outlook pane and the Teams meeting side panel show a session's pairing: the pair workspace,
 * the same component the tab opens from the pairing card.
 */
export function SessionWorkspace({ pairing }: { pairing: PairingView }) {
  return <WorkspacePanel pairingId={pairing.id} />;
}
