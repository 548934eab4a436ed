import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Radio,
  RadioGroup,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';

import { type PairingView, type SuggestedSlot } from '../../../functions/src/contracts/employee';
import { type I18n, useI18n } from '../i18n/i18n';
import { useServices } from './AppProviders';
import { EmptyState, ErrorState, LoadingState } from './StateViews';
import { useLoad } from './use-load';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  option: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface RescheduleDialogProps {
  pairingId: string;
  onClose: () => void;
  /** Called with the updated pairing and a confirmation to announce. */
  onDone: (pairing: PairingView, message: string) => void;
}

/** A slot in my locale and time zone (the server's weekday/time fields are for clients without Intl). */
export function describeSlot(slot: SuggestedSlot, i18n: I18n): string {
  const start = new Date(slot.start);
  const weekday = new Intl.DateTimeFormat(i18n.locale, { weekday: 'long', timeZone: i18n.timeZone }).format(
    start,
  );
  // The weekday is said once already: the date without it.
  const date = new Intl.DateTimeFormat(i18n.locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: i18n.timeZone,
  }).format(start);
  return i18n.t('reschedule.slot', { weekday, time: i18n.formatTime(start), date });
}

/** "Reschedule": pick one of the times free for both members; the series moves for both. */
export default function RescheduleDialog({ pairingId, onClose, onDone }: RescheduleDialogProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { employee } = useServices();
  const slots = useLoad(() => employee.slots(pairingId), [pairingId]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const confirm = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await employee.reschedule(pairingId, chosen);
      const when = updated.nextSession ? i18n.formatDateTime(updated.nextSession.start) : '';
      onDone(updated, t('reschedule.done', { when }));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const retry = () => {
    // A refused slot (taken meanwhile) or a failed load: ask for fresh suggestions.
    setError(null);
    setChosen(null);
    slots.reload();
  };

  const list = slots.phase === 'ready' ? slots.data.slots : [];
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && !busy && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('reschedule.title')}</DialogTitle>
          <DialogContent className={styles.content}>
            {slots.phase === 'loading' && <LoadingState label={t('reschedule.loading')} />}
            {slots.phase === 'error' && <ErrorState error={slots.error} onRetry={retry} />}
            {slots.phase === 'ready' && list.length === 0 && <EmptyState>{t('reschedule.empty')}</EmptyState>}
            {slots.phase === 'ready' && list.length > 0 && (
              <>
                <Text>{t('reschedule.intro')}</Text>
                <RadioGroup
                  aria-label={t('reschedule.choices')}
                  value={chosen ?? ''}
                  disabled={busy}
                  onChange={(_e, d) => setChosen(d.value)}
                >
                  {list.map((slot) => (
                    <Radio
                      key={slot.id}
                      value={slot.id}
                      label={
                        <span className={styles.option}>
                          <Text>{describeSlot(slot, i18n)}</Text>
                          <Caption1 className={styles.muted}>
                            {t('reschedule.slot.fit', {
                              usable: slot.usableOccurrences,
                              checked: slot.checkedOccurrences,
                            })}
                          </Caption1>
                        </span>
                      }
                    />
                  ))}
                </RadioGroup>
              </>
            )}
            {error !== null && <ErrorState error={error} onRetry={retry} />}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={busy || chosen === null} onClick={() => void confirm()}>
              {t('reschedule.confirm')}
            </Button>
            <Button onClick={onClose} disabled={busy}>
              {t('app.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
