import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';

import { SKIP_CATEGORIES, type SkipCategory } from '../../../functions/src/contracts/common';
import { useI18n } from '../i18n/i18n';
import { useServices } from './AppProviders';
import { ErrorState } from './StateViews';

export type PairingAction = 'skip' | 'pause' | 'leave' | 'reschedule';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
});

/** What the action applies to: a program enrollment, and for skip a pairing in it. */
export interface ActionTarget {
  programId: string;
  programName: string;
  pairingId: string | null;
  /** My circle goes on without me (two others or more stay): the words say so. */
  circleGoesOn?: boolean;
}

export interface PairingActionDialogProps {
  kind: PairingAction;
  target: ActionTarget;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Confirmation dialogs for skip / pause / leave (reschedule has its own dialog: RescheduleDialog). */
export default function PairingActionDialog({ kind, target, onClose, onDone }: PairingActionDialogProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { employee } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [skipCategory, setSkipCategory] = useState<SkipCategory | ''>('');
  const [skipError, setSkipError] = useState<string | null>(null);
  const [skipNote, setSkipNote] = useState('');
  const [pauseUntil, setPauseUntil] = useState('');
  const [pauseError, setPauseError] = useState<string | null>(null);
  const todayIso = new Date().toISOString().slice(0, 10);
  const yearAheadIso = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

  const act = async (run: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await run());
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const titles: Record<PairingAction, string> = {
    skip: t('pairing.skip'),
    pause: t('pairing.pause.title'),
    leave: t('pairing.leave'),
    reschedule: t('pairing.reschedule'),
  };

  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{titles[kind]}</DialogTitle>
          <DialogContent className={styles.content}>
            {kind === 'skip' && (
              <>
                <Text>{t(target.circleGoesOn ? 'pairing.skip.confirm.circle' : 'pairing.skip.confirm')}</Text>
                <Field
                  label={t('pairing.skip.reason')}
                  hint={t('pairing.skip.reason.hint')}
                  validationMessage={skipError ?? undefined}
                  required
                >
                  <RadioGroup
                    value={skipCategory}
                    onChange={(_e, d) => {
                      setSkipCategory(d.value as SkipCategory);
                      setSkipError(null);
                    }}
                  >
                    {SKIP_CATEGORIES.map((category) => (
                      <Radio key={category} value={category} label={t(`pairing.skip.category.${category}`)} />
                    ))}
                  </RadioGroup>
                </Field>
                <Field label={t('pairing.skip.note')} hint={t('pairing.skip.note.hint')}>
                  <Textarea
                    value={skipNote}
                    maxLength={500}
                    resize="vertical"
                    onChange={(_e, d) => setSkipNote(d.value)}
                  />
                </Field>
              </>
            )}
            {kind === 'pause' && (
              <>
                <Text>{t(target.circleGoesOn ? 'pairing.pause.body.circle' : 'pairing.pause.body')}</Text>
                <Field label={t('pairing.pause.date')} validationMessage={pauseError ?? undefined}>
                  <Input
                    type="date"
                    min={todayIso}
                    max={yearAheadIso}
                    value={pauseUntil}
                    onChange={(_e, d) => setPauseUntil(d.value)}
                  />
                </Field>
              </>
            )}
            {kind === 'leave' && (
              <Text>
                {t(target.circleGoesOn ? 'pairing.leave.confirm.circle' : 'pairing.leave.confirm', {
                  program: target.programName,
                })}
              </Text>
            )}
            {error !== null && <ErrorState error={error} />}
          </DialogContent>
          <DialogActions>
            {kind === 'skip' && (
              <Button
                appearance="primary"
                disabled={busy}
                onClick={() => {
                  if (skipCategory === '') {
                    setSkipError(t('pairing.skip.reason.required'));
                    return;
                  }
                  void act(async () => {
                    if (target.pairingId)
                      await employee.skip(target.pairingId, {
                        category: skipCategory,
                        note: skipNote.trim(),
                      });
                    return t('pairing.done.skip');
                  });
                }}
              >
                {t('pairing.skip')}
              </Button>
            )}
            {kind === 'pause' && (
              <Button
                appearance="primary"
                disabled={busy}
                onClick={() => {
                  if (
                    !/^\d{4}-\d{2}-\d{2}$/.test(pauseUntil) ||
                    pauseUntil <= todayIso ||
                    pauseUntil > yearAheadIso
                  ) {
                    setPauseError(t('pairing.pause.error'));
                    return;
                  }
                  setPauseError(null);
                  void act(async () => {
                    await employee.pause(target.programId, pauseUntil);
                    return t('pairing.done.pause', { date: i18n.formatDate(`${pauseUntil}T12:00:00Z`) });
                  });
                }}
              >
                {t('pairing.pause')}
              </Button>
            )}
            {kind === 'leave' && (
              <Button
                appearance="primary"
                disabled={busy}
                onClick={() =>
                  void act(async () => {
                    await employee.leave(target.programId);
                    return t('pairing.done.leave', { program: target.programName });
                  })
                }
              >
                {t('pairing.leave')}
              </Button>
            )}
            <Button onClick={onClose} disabled={busy}>
              {kind === 'reschedule' ? t('app.close') : t('app.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
