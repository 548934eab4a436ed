import { Caption1, Field, makeStyles, Radio, RadioGroup, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';

import { type PairingView } from '../../../functions/src/contracts/employee';
import { useServices } from '../components/AppProviders';
import { ErrorState, LoadingState } from '../components/StateViews';
import { useLoad } from '../components/use-load';
import { useI18n } from '../i18n/i18n';
import { SurfaceMessage } from './SurfaceFrame';

const useStyles = makeStyles({
  // Names and details wrap inside the 320 px side panel instead of widening it.
  label: { display: 'flex', flexDirection: 'column', minWidth: 0, overflowWrap: 'anywhere' },
  details: { color: tokens.colorNeutralForeground3 },
});

/**
 * The settings page's fallback when the meeting names none of my pairings (docs/decisions/0018): Microsoft's short
 * join links carry no chat thread, so a booked session's meeting can look unrelated. I choose among my own current
 * pairings (`GET /api/pairings`, only mine); `onChoose` hands the choice to the page, which saves it as it saves a
 * match. Nothing to choose from → the polite "not one of your sessions".
 */
export function MeetingPairingChoice({ onChoose }: { onChoose: (pairingId: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const styles = useStyles();
  const { employee } = useServices();
  const pairings = useLoad(() => employee.pairings(), [employee]);
  const [chosen, setChosen] = useState('');
  if (pairings.phase === 'loading') return <LoadingState />;
  if (pairings.phase === 'error') return <ErrorState error={pairings.error} onRetry={pairings.reload} />;
  const current = pairings.data.current;
  if (current.length === 0)
    return <SurfaceMessage title={t('surfaces.notSession.title')} body={t('surfaces.notSession.body')} />;

  const details = (pairing: PairingView) =>
    pairing.nextSession && !pairing.skipped
      ? t('surfaces.config.choose.details', {
          program: pairing.programName,
          when: i18n.formatDateTime(pairing.nextSession.start),
        })
      : t('surfaces.config.choose.detailsNoSession', { program: pairing.programName });

  return (
    <Field label={t('surfaces.config.choose.label')} hint={t('surfaces.config.choose.hint')}>
      <RadioGroup
        value={chosen}
        onChange={(_, data) => {
          setChosen(data.value);
          onChoose(data.value);
        }}
        data-testid="meeting-pairing-choice"
      >
        {current.map((pairing) => (
          <Radio
            key={pairing.id}
            value={pairing.id}
            label={
              <span className={styles.label}>
                <Text weight="semibold">
                  {t('surfaces.config.choose.peers', {
                    peers: i18n.formatList(pairing.peers.map((p) => p.displayName)),
                  })}
                </Text>
                {/* A space for the accessible name (the column layout drops it on screen). */}{' '}
                <Caption1 className={styles.details}>{details(pairing)}</Caption1>
              </span>
            }
          />
        ))}
      </RadioGroup>
    </Field>
  );
}
