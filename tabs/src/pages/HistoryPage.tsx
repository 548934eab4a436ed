import {
  Button,
  Caption1,
  Card,
  CardFooter,
  CardHeader,
  makeStyles,
  Subtitle1,
  Text,
  tokens,
} from '@fluentui/react-components';

import { useServices } from '../components/AppProviders';
import { PeerAvatar } from '../components/PeerAvatar';
import { EmptyState, ErrorState, LoadingState } from '../components/StateViews';
import { useLoad } from '../components/use-load';
import { useI18n } from '../i18n/i18n';

const useStyles = makeStyles({
  list: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  description: { display: 'flex', flexDirection: 'column' },
});

export function HistoryPage() {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { employee } = useServices();
  const pairings = useLoad(() => employee.pairings(), [employee]);
  return (
    <section aria-labelledby="history-title">
      <Subtitle1 as="h2" id="history-title">
        {t('history.title')}
      </Subtitle1>
      {pairings.phase === 'loading' && <LoadingState />}
      {pairings.phase === 'error' && <ErrorState error={pairings.error} onRetry={pairings.reload} />}
      {pairings.phase === 'ready' &&
        (pairings.data.past.length === 0 ? (
          <EmptyState>{t('history.empty')}</EmptyState>
        ) : (
          <ul className={styles.list}>
            {pairings.data.past.map((p) => (
              <li key={p.id}>
                <Card>
                  <CardHeader
                    image={<PeerAvatar personId={p.peers[0]?.userId} name={p.peers[0]?.displayName} />}
                    header={
                      <Text weight="semibold">{i18n.formatList(p.peers.map((x) => x.displayName))}</Text>
                    }
                    description={
                      <div className={styles.description}>
                        <Caption1>
                          {t('history.item', {
                            program: p.programName,
                            dates: i18n.formatDayRange(p.startsOn, p.endsOn),
                            state: t(`pairing.state.${p.state}`),
                          })}
                        </Caption1>
                        {p.sessionsHeld.sessionsSoFar > 0 && (
                          <Caption1>
                            {t('pairing.sessionsHeld', {
                              held: p.sessionsHeld.likelyHeld,
                              count: p.sessionsHeld.sessionsSoFar,
                            })}
                          </Caption1>
                        )}
                      </div>
                    }
                  />
                  <CardFooter>
                    <Button
                      as="a"
                      href={`#/history/workspace/${encodeURIComponent(p.id)}`}
                      aria-label={t('workspace.open.label', {
                        peer: i18n.formatList(p.peers.map((x) => x.displayName)),
                      })}
                    >
                      {t('workspace.open')}
                    </Button>
                  </CardFooter>
                </Card>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
