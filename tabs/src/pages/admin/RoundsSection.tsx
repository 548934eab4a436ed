import { VerticalBarChart } from '@fluentui/react-charts';
import {
  Badge,
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';

import { type OverrideRequest, type Round, roundInProgress } from '../../../../functions/src/contracts/admin';
import { type AdminApi } from '../../api/admin-api';
import { useTheme } from '../../components/AppProviders';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { useLoad } from '../../components/use-load';
import {
  describeAttention,
  describeReasonsForAdmin,
  describeUnmatched,
  scoreDistribution,
  unmatchedByReason,
} from '../../format/admin-reason-text';
import { roundTitle } from '../../format/round-title';
import { useI18n } from '../../i18n/i18n';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  // Scrolls sideways on a phone: its wrapper is a focusable region, so the keyboard can scroll it too.
  tableWrap: { overflowX: 'auto' },
  members: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
  reasons: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  chart: { maxWidth: '640px' },
});

type Pending =
  | { action: 'unpair'; pairingId: string }
  | { action: 'pair'; userIds: [string, string] }
  | {
      action: 'swap';
      first: { pairingId: string; userId: string };
      second: { pairingId: string; userId: string };
    };

/**
 * A round that would leave most of its people out (or pair nobody) is published only after the admin confirms:
 * everyone in it is told, and a nearly empty round is usually a sign that the program needs more people first.
 */
function mostlyUnplaced(round: Round): boolean {
  const placed = placedCount(round);
  return placed === 0 || round.unmatched.length > placed;
}

const placedCount = (round: Round) => round.pairings.reduce((sum, p) => sum + p.members.length, 0);

/** Selection keys: `<pairingId>|<userId>` for placed people, `|<userId>` for unmatched ones. */
function parseKey(key: string): { pairingId: string; userId: string } {
  const [pairingId = '', userId = ''] = key.split('|');
  return { pairingId, userId };
}

export function RoundsSection({ admin, programId }: { admin: AdminApi; programId: string }) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const theme = useTheme();
  const rounds = useLoad(() => admin.rounds(programId), [admin, programId]);
  const [round, setRound] = useState<Round | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [confirmPublish, setConfirmPublish] = useState(false);

  // Show the newest round when the list arrives.
  useEffect(() => {
    setRound(null);
    setSelected([]);
    if (rounds.phase !== 'ready') return;
    const newest = rounds.data.rounds[0];
    if (!newest) return;
    let live = true;
    admin
      .round(programId, newest.id)
      .then(async (r) => {
        if (!live) return;
        setRound(r);
        // Opened while the worker plans or publishes it: shown as it is, then as it ends up.
        if (roundInProgress(r)) {
          const settled = await admin.follow(programId, r, () => live);
          if (live) setRound(settled);
        }
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [rounds, admin, programId]);

  /** Runs an action; `message` is the notice after it (or made from what the action reports). */
  const run = async (
    task: () => Promise<Round | null | { round: Round | null; notice: string }>,
    message?: string,
  ) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const result = await task();
      const r = result && 'notice' in result ? result.round : result;
      if (r) setRound(r);
      setSelected([]);
      const notice = result && 'notice' in result ? result.notice : message;
      if (notice) setNotice(notice);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const applyOverride = () => {
    if (!pending || !round || reason.trim() === '') return;
    const body = { ...pending, reason: reason.trim() } as OverrideRequest;
    void run(async () => {
      const r = await admin.override(programId, round.id, body);
      setPending(null);
      setReason('');
      return r;
    });
  };

  const publish = (draft: Round) => {
    setConfirmPublish(false);
    void run(async () => {
      const r = await admin.publish(programId, draft.id);
      return r.status === 'published' ? { round: r, notice: t('admin.rounds.published') } : r;
    });
  };

  const selection = selected.map(parseKey);
  const twoUnmatched = selection.length === 2 && selection.every((s) => s.pairingId === '');
  const swappable =
    selection.length === 2 &&
    selection.every((s) => s.pairingId !== '') &&
    selection[0]?.pairingId !== selection[1]?.pairingId;
  const toggle = (key: string, on: boolean) =>
    setSelected((s) => (on ? [...s, key] : s.filter((k) => k !== key)));
  const editable = round !== null && (round.status === 'draft' || round.status === 'published');
  const attention = round?.pairings.filter((p) => p.state === 'needs-attention') ?? [];
  const distribution = round ? scoreDistribution(round.pairings.map((p) => p.score)) : [];

  return (
    <div className={styles.column}>
      <div className={styles.row}>
        <Button appearance="primary" disabled={busy} onClick={() => void run(() => admin.preview(programId))}>
          {busy ? t('admin.rounds.previewing') : t('admin.rounds.preview')}
        </Button>
        {round?.status === 'draft' && (
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() => (mostlyUnplaced(round) ? setConfirmPublish(true) : publish(round))}
          >
            {t('admin.rounds.publish')}
          </Button>
        )}
      </div>
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {error !== null && <ErrorState error={error} />}
      {rounds.phase === 'loading' && <LoadingState />}
      {rounds.phase === 'error' && <ErrorState error={rounds.error} onRetry={rounds.reload} />}
      {rounds.phase === 'ready' && rounds.data.rounds.length === 0 && !round && (
        <EmptyState>{t('admin.rounds.empty')}</EmptyState>
      )}

      {round && (
        <section className={styles.column} aria-label={roundTitle(round, i18n)}>
          <Subtitle2 as="h2">{roundTitle(round, i18n)}</Subtitle2>
          {roundInProgress(round) && (
            <MessageBar intent="info" role="status">
              <MessageBarBody>
                <Spinner
                  size="extra-tiny"
                  labelPosition="after"
                  label={t(
                    round.status === 'planning'
                      ? 'admin.rounds.inProgress.planning'
                      : 'admin.rounds.inProgress.running',
                  )}
                />
              </MessageBarBody>
            </MessageBar>
          )}
          {round.status === 'failed' && (
            <MessageBar intent="error">
              <MessageBarBody>
                {round.trigger === 'admin' ? t('admin.rounds.failed.admin') : t('admin.rounds.failed.timer')}
              </MessageBarBody>
              {round.trigger === 'admin' && (
                <MessageBarActions>
                  <Button disabled={busy} onClick={() => publish(round)}>
                    {t('admin.rounds.failed.retry')}
                  </Button>
                </MessageBarActions>
              )}
            </MessageBar>
          )}
          <Caption1>
            {t('admin.rounds.summary', {
              pairings: round.stats.pairings,
              unmatched: round.stats.unmatched,
              candidates: round.stats.candidates,
              ms: Math.round(round.stats.durationMs),
            })}
          </Caption1>
          {distribution.length > 0 && (
            <div className={styles.chart}>
              <VerticalBarChart
                chartTitle={t('admin.rounds.scores')}
                height={220}
                hideLegend
                culture={i18n.locale}
                data={distribution.map((b) => ({
                  x: t('admin.rounds.scoreBucket', { from: b.from, to: b.to }),
                  y: b.count,
                  legend: t('admin.rounds.pairingsCount'),
                  color: theme.colorBrandBackground,
                }))}
              />
            </div>
          )}

          <div className={styles.row}>
            <Subtitle2 as="h3">{t('admin.rounds.needsAttention')}</Subtitle2>
            {attention.length > 1 && (
              <Button
                size="small"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    const { retried, actions } = await admin.retryAllNeedingAttention(programId);
                    return {
                      round: await admin.round(programId, round.id),
                      notice: t('admin.rounds.retriedAll', { count: retried, ...actions }),
                    };
                  })
                }
              >
                {t('admin.rounds.retryAll', { count: attention.length })}
              </Button>
            )}
          </div>
          {attention.length === 0 ? (
            <Text>{t('admin.rounds.needsAttention.none')}</Text>
          ) : (
            <ul className={styles.reasons}>
              {attention.map((p) => (
                <li key={p.id} className={styles.row}>
                  <Text>
                    {p.attention
                      ? t('admin.rounds.needsAttention.item', {
                          members: i18n.formatList(p.members.map((m) => m.displayName)),
                          reason: describeAttention(p.attention, i18n),
                        })
                      : i18n.formatList(p.members.map((m) => m.displayName))}
                  </Text>
                  <Button
                    size="small"
                    disabled={busy}
                    onClick={() =>
                      void run(async () => {
                        await admin.retryBooking(programId, p.id);
                        return null;
                      }, t('admin.rounds.retried'))
                    }
                  >
                    {t('admin.rounds.retry')}
                  </Button>
                </li>
              ))}
            </ul>
          )}

          {editable && (
            <div className={styles.row}>
              <Caption1>{t('admin.rounds.selection', { count: selected.length })}</Caption1>
              <Button
                disabled={!swappable || busy}
                onClick={() => {
                  const [a, b] = selection;
                  if (a && b) setPending({ action: 'swap', first: a, second: b });
                }}
              >
                {t('admin.rounds.swap')}
              </Button>
              <Button
                disabled={!twoUnmatched || busy}
                onClick={() => {
                  const [a, b] = selection;
                  if (a && b) setPending({ action: 'pair', userIds: [a.userId, b.userId] });
                }}
              >
                {t('admin.rounds.pair')}
              </Button>
            </div>
          )}

          <div className={styles.tableWrap} role="region" aria-label={t('admin.nav.rounds')} tabIndex={0}>
            <Table size="small" aria-label={t('admin.nav.rounds')}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('admin.rounds.col.members')}</TableHeaderCell>
                  <TableHeaderCell>{t('admin.rounds.col.score')}</TableHeaderCell>
                  <TableHeaderCell>{t('admin.rounds.col.reasons')}</TableHeaderCell>
                  <TableHeaderCell>{t('admin.rounds.col.state')}</TableHeaderCell>
                  {editable && <TableHeaderCell>{t('admin.rounds.col.actions')}</TableHeaderCell>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {round.pairings.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>
                      <div className={styles.members}>
                        {p.members.map((m) =>
                          editable ? (
                            <Checkbox
                              key={m.userId}
                              label={
                                m.department
                                  ? t('admin.rounds.member', {
                                      name: m.displayName,
                                      department: m.department,
                                    })
                                  : m.displayName
                              }
                              checked={selected.includes(`${p.id}|${m.userId}`)}
                              onChange={(_e, d) => toggle(`${p.id}|${m.userId}`, d.checked === true)}
                            />
                          ) : (
                            <Text key={m.userId}>{m.displayName}</Text>
                          ),
                        )}
                      </div>
                    </TableCell>
                    <TableCell>{i18n.formatNumber(p.score, { maximumFractionDigits: 1 })}</TableCell>
                    <TableCell>
                      <ul className={styles.reasons}>
                        {describeReasonsForAdmin(p.reasons, p.members, i18n).map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    </TableCell>
                    <TableCell>
                      <Badge appearance="tint">{t(`pairing.state.${p.state}`)}</Badge>
                      {p.overridden && <Caption1> {t('admin.rounds.overridden')}</Caption1>}
                    </TableCell>
                    {editable && (
                      <TableCell>
                        <Button
                          size="small"
                          disabled={busy}
                          onClick={() => setPending({ action: 'unpair', pairingId: p.id })}
                        >
                          {t('admin.rounds.unpair')}
                        </Button>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>

          <Subtitle2 as="h3">{t('admin.rounds.unmatched')}</Subtitle2>
          {round.unmatched.length === 0 ? (
            <Text>{t('admin.rounds.unmatched.none')}</Text>
          ) : (
            <>
              <ul className={styles.reasons}>
                {unmatchedByReason(round.unmatched, i18n).map(([reason, count]) => (
                  <li key={reason}>{t('admin.rounds.unmatched.byReason', { reason, count })}</li>
                ))}
              </ul>
              <div className={styles.members}>
                {round.unmatched.map((u) =>
                  editable ? (
                    <Checkbox
                      key={u.userId}
                      label={t('admin.rounds.unmatchedPerson', {
                        name: u.displayName,
                        reason: describeUnmatched(u, i18n),
                      })}
                      checked={selected.includes(`|${u.userId}`)}
                      onChange={(_e, d) => toggle(`|${u.userId}`, d.checked === true)}
                    />
                  ) : (
                    <Text key={u.userId}>
                      {t('admin.rounds.unmatchedPerson', {
                        name: u.displayName,
                        reason: describeUnmatched(u, i18n),
                      })}
                    </Text>
                  ),
                )}
              </div>
            </>
          )}
        </section>
      )}

      {rounds.phase === 'ready' && rounds.data.rounds.length > 0 && (
        <section className={styles.column}>
          <Subtitle2 as="h3">{t('admin.rounds.history')}</Subtitle2>
          <ul className={styles.reasons}>
            {rounds.data.rounds.map((r) => (
              <li key={r.id} className={styles.row}>
                <Text>
                  {r.number !== null
                    ? t('admin.rounds.historyItem', {
                        title: roundTitle(r, i18n),
                        status: t(`admin.rounds.status.${r.status}`),
                      })
                    : roundTitle(r, i18n)}
                </Text>
                <Button
                  size="small"
                  appearance="subtle"
                  onClick={() => void run(() => admin.round(programId, r.id))}
                >
                  {t('admin.rounds.open')}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <Dialog open={confirmPublish && round !== null} onOpenChange={(_e, d) => setConfirmPublish(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>
              {round?.pairings.length === 0
                ? t('admin.rounds.confirmEmpty.title')
                : t('admin.rounds.confirmSparse.title', {
                    unmatched: round?.unmatched.length ?? 0,
                    people: round ? round.unmatched.length + placedCount(round) : 0,
                  })}
            </DialogTitle>
            <DialogContent className={styles.column}>
              <Text>{t('admin.rounds.confirm.body')}</Text>
              {round && round.unmatched.length > 0 && (
                <ul className={styles.reasons}>
                  {unmatchedByReason(round.unmatched, i18n).map(([text, count]) => (
                    <li key={text}>{t('admin.rounds.unmatched.byReason', { reason: text, count })}</li>
                  ))}
                </ul>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" disabled={busy} onClick={() => round && publish(round)}>
                {t('admin.rounds.confirm.publish')}
              </Button>
              <Button onClick={() => setConfirmPublish(false)}>{t('app.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>

      <Dialog open={pending !== null} onOpenChange={(_e, d) => !d.open && setPending(null)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('admin.rounds.overrideTitle')}</DialogTitle>
            <DialogContent>
              <Field label={t('admin.rounds.overrideReason')} required>
                <Input value={reason} maxLength={500} onChange={(_e, d) => setReason(d.value)} />
              </Field>
              {error !== null && <ErrorState error={error} />}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" disabled={busy || reason.trim() === ''} onClick={applyOverride}>
                {t('admin.rounds.apply')}
              </Button>
              <Button onClick={() => setPending(null)}>{t('app.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
