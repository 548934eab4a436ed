import { Button, makeStyles, tokens } from '@fluentui/react-components';

import { useI18n } from '../i18n/i18n';
import { WorkspacePanel } from './WorkspacePanel';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM, minWidth: 0 },
});

/** The workspace as a page of the tab (`#/workspace/<id>`, `#/history/workspace/<id>`), with the way back. */
export function WorkspacePage({ pairingId, onBack }: { pairingId: string; onBack: () => void }) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <div className={styles.page}>
      <div>
        <Button appearance="subtle" onClick={onBack}>
          {t('workspace.back')}
        </Button>
      </div>
      <WorkspacePanel pairingId={pairingId} />
    </div>
  );
}
