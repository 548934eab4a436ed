import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Subtitle1,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';

import { useServices } from '../components/AppProviders';
import { ErrorState } from '../components/StateViews';
import { useI18n } from '../i18n/i18n';

const useStyles = makeStyles({
  column: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    alignItems: 'flex-start',
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** Export and delete everything stored about me (GDPR-style self-service). */
export function MyDataPage() {
  const styles = useStyles();
  const { t } = useI18n();
  const { employee } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = await employee.exportMyData();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'pairwise-my-data.json';
      a.click();
      URL.revokeObjectURL(url);
      setDone(t('myData.exported'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await employee.deleteMyData();
      setConfirm(false);
      setDone(t('myData.deleted'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.column} aria-labelledby="my-data-title">
      <Subtitle1 as="h2" id="my-data-title">
        {t('myData.title')}
      </Subtitle1>
      <Text>{t('myData.body')}</Text>
      {done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      {error !== null && !confirm && <ErrorState error={error} />}
      <div className={styles.actions}>
        <Button appearance="primary" disabled={busy} onClick={() => void download()}>
          {t('myData.export')}
        </Button>
        <Button disabled={busy} onClick={() => setConfirm(true)}>
          {t('myData.delete')}
        </Button>
      </div>
      <Dialog open={confirm} onOpenChange={(_e, d) => setConfirm(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('myData.delete')}</DialogTitle>
            <DialogContent>
              <Text>{t('myData.delete.confirm')}</Text>
              {error !== null && <ErrorState error={error} />}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" disabled={busy} onClick={() => void remove()}>
                {t('myData.delete')}
              </Button>
              <Button disabled={busy} onClick={() => setConfirm(false)}>
                {t('app.cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </section>
  );
}
