import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  CardFooter,
  CardHeader,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { lazy, Suspense, useState } from 'react';

import { PAIRS } from '../../../functions/src/contracts/common';
import { type MeResponse } from '../../../functions/src/contracts/employee';
import { ApiError } from '../api/http';
import { useServices } from '../components/AppProviders';
import { PairingCard } from '../components/PairingCard';
import { EmptyState, ErrorState, LoadingState } from '../components/StateViews';
import { useLoad } from '../components/use-load';
import { describeMyUnmatched } from '../format/my-unmatched-text';
import { useI18n } from '../i18n/i18n';

// The join form is its own chunk: most visits only look at the pairing.
const PairingActionDialog = lazy(() => import('../components/PairingActionDialog'));
const JoinForm = lazy(() => import('../components/JoinForm').then((m) => ({ default: m.JoinForm })));

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  intro: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground3 },
  footer: { flexWrap: 'wrap' },
});

export interface HomePageProps {
  me: MeResponse;
  reloadMe: () => void;
  route: string;
  navigate: (route: string) => void;
}

/** "My mentoring": my pairing first (the reason people open the tab), then the programs open to me. */
export function HomePage({ me, reloadMe, route, navigate }: HomePageProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { employee } = useServices();
  const programs = useLoad(() => employee.programs(), [employee]);
  const [notice, setNotice] = useState<string | null>(null);
  const [action, setAction] = useState<{
    kind: 'pause' | 'leave';
    programId: string;
    programName: string;
  } | null>(null);
  const [section, id] = route.split('/');
  const joining = section === 'join' && id ? id : null;
  // `feedback` (a notification to many members at once) asks on every pairing still waiting for my answer.
  const feedbackFor = section === 'feedback' ? (id ?? 'any') : null;

  const changed = (message: string) => {
    setNotice(message);
    reloadMe();
    programs.reload();
  };

  if (joining) {
    if (programs.phase === 'loading') return <LoadingState />;
    if (programs.phase === 'error') return <ErrorState error={programs.error} onRetry={programs.reload} />;
    const program = programs.data.programs.find((p) => p.id === joining);
    if (!program)
      return (
        <ErrorState
          error={new ApiError('not-found', 404, 'program not open to me')}
          onRetry={() => navigate('')}
        />
      );
    const enrollment = me.enrollments.find((e) => e.programId === program.id && e.status !== 'left');
    return (
      <Card>
        <CardHeader
          header={
            <Subtitle1 as="h2">
              {t(enrollment ? 'join.editTitle' : 'join.title', { name: program.name })}
            </Subtitle1>
          }
        />
        <Suspense fallback={<LoadingState />}>
          <JoinForm
            program={program}
            initial={enrollment?.preferences ?? null}
            knownPeople={me.notWithPeople}
            onCancel={() => navigate('')}
            onSubmit={async (request) => {
              await employee.enroll(program.id, request, enrollment?.etag);
              navigate('');
              changed(t(program.groupSize > PAIRS ? 'join.done.circle' : 'join.done'));
            }}
          />
        </Suspense>
      </Card>
    );
  }

  const activeEnrollments = me.enrollments.filter((e) => e.status !== 'left');
  return (
    <div className={styles.column}>
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {activeEnrollments.length === 0 && (
        <section className={styles.intro} aria-labelledby="intro-title">
          <Subtitle1 as="h2" id="intro-title">
            {t('intro.title')}
          </Subtitle1>
          <Body1>{t('intro.line1')}</Body1>
          <Body1>{t('intro.line2')}</Body1>
        </section>
      )}

      {me.unmatched.map((u) => {
        const { why, help } = describeMyUnmatched(u, i18n);
        return (
          <MessageBar key={u.programId} intent="info" layout="multiline" data-testid="my-unmatched">
            <MessageBarBody>
              <MessageBarTitle>{t('myUnmatched.title', { program: u.programName })}</MessageBarTitle> {why}{' '}
              {help}
              {u.nextRoundAt && ` ${t('myUnmatched.next', { date: i18n.formatDate(u.nextRoundAt) })}`}
            </MessageBarBody>
          </MessageBar>
        );
      })}

      <section className={styles.column} aria-label={t('pairing.title')} data-testid="my-pairings">
        {me.currentPairings.length === 0
          ? // Someone left out of a round has just been told why (above); "no pairing yet" would say it twice.
            me.unmatched.length === 0 && (
              <EmptyState>
                {activeEnrollments.length === 0 ? t('pairing.noneNotJoined') : t('pairing.none')}
              </EmptyState>
            )
          : me.currentPairings.map((pairing) => (
              <PairingCard
                key={pairing.id}
                pairing={pairing}
                meId={me.profile.userId}
                askFeedback={feedbackFor === 'any' || feedbackFor === pairing.id}
                onChanged={changed}
              />
            ))}
      </section>

      <section className={styles.column} aria-labelledby="programs-title">
        <Subtitle1 as="h2" id="programs-title">
          {t('programs.title')}
        </Subtitle1>
        {programs.phase === 'loading' && <LoadingState />}
        {programs.phase === 'error' && <ErrorState error={programs.error} onRetry={programs.reload} />}
        {programs.phase === 'ready' &&
          (programs.data.programs.length === 0 ? (
            <EmptyState>{t('programs.empty')}</EmptyState>
          ) : (
            <div className={styles.grid}>
              {programs.data.programs.map((program) => (
                <Card key={program.id}>
                  <CardHeader
                    header={<Subtitle2 as="h3">{program.name}</Subtitle2>}
                    description={<Caption1>{t(`kind.${program.kind}`)}</Caption1>}
                    action={
                      program.myStatus ? (
                        <Badge appearance="tint">{t(`programs.status.${program.myStatus}`)}</Badge>
                      ) : undefined
                    }
                  />
                  {program.description && <Text>{program.description}</Text>}
                  {program.groupSize > PAIRS && (
                    <Caption1 className={styles.muted}>
                      {t('programs.circle', { size: program.groupSize })}
                    </Caption1>
                  )}
                  <Caption1 className={styles.muted}>
                    {t('programs.details', {
                      cadence: t(`cadence.${program.defaultCadence}`),
                      minutes: program.sessionMinutes,
                      weeks: program.roundLengthWeeks,
                    })}
                  </Caption1>
                  {program.nextRoundAt && (
                    <Caption1 className={styles.muted}>
                      {t('programs.nextRound', { date: i18n.formatDateTime(program.nextRoundAt) })}
                    </Caption1>
                  )}
                  <CardFooter className={styles.footer}>
                    {program.myStatus === 'active' && (
                      <>
                        <Button
                          onClick={() =>
                            setAction({ kind: 'pause', programId: program.id, programName: program.name })
                          }
                        >
                          {t('pairing.pause')}
                        </Button>
                        <Button
                          onClick={() =>
                            setAction({ kind: 'leave', programId: program.id, programName: program.name })
                          }
                        >
                          {t('pairing.leave')}
                        </Button>
                      </>
                    )}
                    <Button
                      appearance={
                        program.myStatus === 'active' || program.myStatus === 'paused'
                          ? 'secondary'
                          : 'primary'
                      }
                      onClick={() => navigate(`join/${program.id}`)}
                    >
                      {program.myStatus === 'active' || program.myStatus === 'paused'
                        ? t('programs.edit')
                        : t('programs.join', { name: program.name })}
                    </Button>
                  </CardFooter>
                </Card>
              ))}
            </div>
          ))}
      </section>
      {action && (
        <Suspense fallback={null}>
          <PairingActionDialog
            kind={action.kind}
            target={{ programId: action.programId, programName: action.programName, pairingId: null }}
            onClose={() => setAction(null)}
            onDone={(message) => {
              setAction(null);
              changed(message);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
