import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  Link,
  makeStyles,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { lazy, Suspense, useState } from 'react';

import { type PairingView } from '../../../functions/src/contracts/employee';
import { type PersonProfile } from '../../../functions/src/contracts/employee';
import { describeReasons } from '../format/reason-text';
import { useI18n } from '../i18n/i18n';
import { useServices } from './AppProviders';
import { type PairingAction } from './PairingActionDialog';
import { PeerAvatar } from './PeerAvatar';
import { describeError } from './StateViews';

const useStyles = makeStyles({
  card: { width: '100%', boxSizing: 'border-box' },
  peers: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  reasons: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3 },
  chat: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    rowGap: tokens.spacingVerticalXXS,
  },
  error: { color: tokens.colorPaletteRedForeground1 },
});

type Dialogs = PairingAction | null;

// Dialogs and the feedback form load on first use: the first screen only needs to show the pairing.
const PairingActionDialog = lazy(() => import('./PairingActionDialog'));
const RescheduleDialog = lazy(() => import('./RescheduleDialog'));
const FeedbackForm = lazy(() => import('./FeedbackForm').then((m) => ({ default: m.FeedbackForm })));

export interface PairingCardProps {
  pairing: PairingView;
  meId: string;
  /** Open the feedback form now (deep link from the activity feed). */
  askFeedback: boolean;
  onChanged: (message: string) => void;
}

export function PairingCard({ pairing, meId, askFeedback, onChanged }: PairingCardProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { employee, host } = useServices();
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [feedbackDone, setFeedbackDone] = useState(false);

  const peerNames = i18n.formatList(pairing.peers.map((p) => p.displayName));
  const reasons = describeReasons(pairing.reasons, meId, pairing.peers, i18n);
  const next = pairing.nextSession;
  const started = pairing.series?.firstOccurrence
    ? new Date(pairing.series.firstOccurrence).getTime() < Date.now()
    : false;
  // Asked after every session (`feedbackDue`: the latest one that started and I have not answered); an older server
  // sends none, and then only the first answer is asked for, as before.
  const due = pairing.feedbackDue;
  const showFeedback =
    !feedbackDone && (due !== null || (pairing.myFeedback === null && (askFeedback || started)));

  // A circle is "your circle" however many stay; a triad of a pairs program is "your peers".
  const title = pairing.circle
    ? 'pairing.circleTitle'
    : pairing.peers.length > 1
      ? 'pairing.triadTitle'
      : 'pairing.title';

  return (
    <Card className={styles.card} aria-label={t(title)}>
      <CardHeader
        header={<Subtitle2 as="h2">{t(title)}</Subtitle2>}
        description={<Caption1>{t('pairing.program', { program: pairing.programName })}</Caption1>}
        action={<Badge appearance="tint">{t(`pairing.state.${pairing.state}`)}</Badge>}
      />
      {pairing.circle && (
        <Caption1 data-testid="circle-size">
          {t('pairing.circle.size', { count: pairing.peers.length })}
        </Caption1>
      )}
      <div className={styles.peers} role="list">
        {pairing.peers.map((peer) => (
          <div key={peer.userId} className={styles.section} role="listitem">
            <PeerAvatar personId={peer.userId} name={peer.displayName} size={48} />
            <Body1>
              <strong>{peer.displayName}</strong>
            </Body1>
            {(peer.jobTitle || peer.department) && (
              <Caption1>
                {peer.jobTitle && peer.department
                  ? t('pairing.peerDetails', { title: peer.jobTitle, department: peer.department })
                  : (peer.jobTitle ?? peer.department)}
              </Caption1>
            )}
            {peer.timeZone && (
              <Caption1 className={styles.muted}>
                {t('pairing.peerTimeZone', { timeZone: peer.timeZone })}
              </Caption1>
            )}
            <ChatButton peer={peer} />
          </div>
        ))}
      </div>

      <section className={styles.section} aria-labelledby={`why-${pairing.id}`}>
        <Subtitle2 as="h3" id={`why-${pairing.id}`}>
          {t(pairing.circle ? 'pairing.why.circle' : 'pairing.why')}
        </Subtitle2>
        {reasons.length > 0 ? (
          <ul className={styles.reasons}>
            {reasons.map((r) => (
              <li key={r}>
                <Text>{r}</Text>
              </li>
            ))}
          </ul>
        ) : (
          <Text className={styles.muted}>{t('pairing.why.none')}</Text>
        )}
      </section>

      <section className={styles.section} aria-labelledby={`next-${pairing.id}`}>
        <Subtitle2 as="h3" id={`next-${pairing.id}`}>
          {t('pairing.nextSession')}
        </Subtitle2>
        {pairing.skipped ? (
          <Text>{t('pairing.skipped')}</Text>
        ) : next ? (
          <>
            <Text data-testid="next-session">
              {t('pairing.nextSession.when', {
                date: i18n.formatDate(next.start),
                start: i18n.formatTime(next.start),
                end: i18n.formatTime(next.end),
              })}
            </Text>
            {next.joinUrl ? (
              <Link
                href={next.joinUrl}
                target="_blank"
                rel="noreferrer"
                onClick={(e) => {
                  e.preventDefault();
                  void host.openLink(next.joinUrl ?? '');
                }}
              >
                {t('pairing.join')}
              </Link>
            ) : (
              <Caption1>{t('pairing.noJoinLink')}</Caption1>
            )}
          </>
        ) : (
          <Text>{t('pairing.nextSession.none')}</Text>
        )}
        {!pairing.skipped && pairing.myFeedback === null && (
          // The activity feed exists only where the host has Teams' core features (checked, not guessed).
          <Caption1 className={styles.muted}>
            {t(host.capabilities.activityFeed ? 'pairing.checkin.feed' : 'pairing.checkin.here')}
          </Caption1>
        )}
        {pairing.sessionsHeld.sessionsSoFar > 0 && (
          // Inferred from both calendars' responses, not from check-ins: the wording says where it comes from.
          <Caption1 data-testid="sessions-held">
            {t('pairing.sessionsHeld', {
              held: pairing.sessionsHeld.likelyHeld,
              count: pairing.sessionsHeld.sessionsSoFar,
            })}
          </Caption1>
        )}
        {pairing.series && (
          <Caption1 className={styles.muted}>
            {t('pairing.cadence', {
              cadence: t(`cadence.inSentence.${pairing.cadence}`),
              date: i18n.formatDate(`${pairing.endsOn}T12:00:00Z`),
            })}
          </Caption1>
        )}
      </section>

      {showFeedback && (
        <section className={styles.section}>
          <Subtitle2 as="h3">
            {due
              ? t('feedback.titleSession', { peer: peerNames, date: i18n.formatDate(due.start) })
              : t('feedback.title', { peer: peerNames })}
          </Subtitle2>
          <Suspense fallback={null}>
            <FeedbackForm
              peerNames={peerNames}
              onSubmit={async (request) => {
                await employee.feedback(pairing.id, request);
                setFeedbackDone(true);
                onChanged(t('feedback.thanks'));
              }}
            />
          </Suspense>
        </section>
      )}
      {pairing.myFeedback && !showFeedback && (
        <Caption1 className={styles.muted}>
          {!pairing.myFeedback.met
            ? t('feedback.given.notMet')
            : pairing.myFeedback.rating
              ? t('feedback.given.metRated', { rating: pairing.myFeedback.rating })
              : t('feedback.given.met')}
        </Caption1>
      )}

      <div>
        <Button
          as="a"
          appearance="primary"
          href={`#/workspace/${encodeURIComponent(pairing.id)}`}
          aria-label={t('workspace.open.label', { peer: peerNames })}
        >
          {t('workspace.open')}
        </Button>
      </div>

      {!pairing.skipped &&
        (pairing.state === 'booked' ||
          pairing.state === 'active' ||
          pairing.state === 'booking' ||
          pairing.state === 'proposed') && (
          <div className={styles.actions} role="group" aria-label={t('pairing.actions')}>
            <Button onClick={() => setDialog('skip')}>{t('pairing.skip')}</Button>
            {/* Only a booked series that has not started can move: before booking there is no time to change,
                and moving a started series would take its past sessions off both calendars. */}
            {pairing.series && pairing.state === 'booked' && (
              <Button onClick={() => setDialog('reschedule')}>{t('pairing.reschedule')}</Button>
            )}
            <Button onClick={() => setDialog('pause')}>{t('pairing.pause')}</Button>
            <Button onClick={() => setDialog('leave')}>{t('pairing.leave')}</Button>
          </div>
        )}

      {dialog === 'reschedule' && (
        <Suspense fallback={null}>
          <RescheduleDialog
            pairingId={pairing.id}
            onClose={() => setDialog(null)}
            onDone={(_updated, message) => {
              setDialog(null);
              onChanged(message);
            }}
          />
        </Suspense>
      )}
      {dialog !== null && dialog !== 'reschedule' && (
        <Suspense fallback={null}>
          <PairingActionDialog
            kind={dialog}
            target={{
              programId: pairing.programId,
              programName: pairing.programName,
              pairingId: pairing.id,
              // With two others or more, my circle goes on without me (docs/decisions/0019).
              circleGoesOn: pairing.peers.length >= 2,
            }}
            onClose={() => setDialog(null)}
            onDone={(message) => {
              setDialog(null);
              onChanged(message);
            }}
          />
        </Suspense>
      )}
    </Card>
  );
}

/**
 * "Chat with {name}": a Teams 1:1 chat, where the host can open one (hidden outside Teams). The peer's sign-in name
 * is asked for on press, never carried in the pairing.
 */
function ChatButton({ peer }: { peer: PersonProfile }) {
  const styles = useStyles();
  const i18n = useI18n();
  const { employee, host } = useServices();
  const [phase, setPhase] = useState<{ kind: 'idle' | 'opening' } | { kind: 'failed'; error: unknown }>({
    kind: 'idle',
  });
  const openChat = host.openChat;
  if (!openChat) return null;
  const open = async () => {
    setPhase({ kind: 'opening' });
    try {
      const { user } = await employee.peerChat(peer.userId);
      await openChat(user);
      setPhase({ kind: 'idle' });
    } catch (error) {
      setPhase({ kind: 'failed', error });
    }
  };
  return (
    <div className={styles.chat}>
      <Button size="small" disabled={phase.kind === 'opening'} onClick={() => void open()}>
        {i18n.t('pairing.chat', { name: peer.displayName })}
      </Button>
      {phase.kind === 'failed' && (
        <Caption1 role="alert" className={styles.error}>
          {i18n.t('pairing.chat.failed', { problem: describeError(phase.error, i18n) })}
        </Caption1>
      )}
    </div>
  );
}
