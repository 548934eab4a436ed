import { VerticalBarChart } from '@fluentui/react-charts';
import {
  Button,
  Caption1,
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
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';

import {
  type OverrideRequest,
  roundInProgress,
  type RoundRowsResponse,
} from '../../../../functions/src/contracts/admin';
import { type AdminApi } from '../../api/admin-api';
import { useTheme } from '../../components/AppProviders';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { useLoad } from '../../components/use-load';
import { unmatchedByReason } from '../../format/admin-reason-text';
import { roundTitle } from '../../format/round-title';
import { useI18n } from '../../i18n/i18n';
import { PAGE_SIZES, RoundRows, type RowsQuery } from './RoundRows';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
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

/** How often an open round the worker is planning or publishing is read again. */
const FOLLOW_INTERVAL_MS = 1500;

/** A phone starts with the smallest page, so a page is a few screens tall; a wider screen with 25 rows. */
function initialPageSize(): number {
  const narrow = typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 640px)').matches;
  return narrow ? PAGE_SIZES[0] : 25;
}

/**
 * A round that would leave most of its people out (or pair nobody) is published only after the admin confirms:
 * everyone in it is told, and a nearly empty round is usually a sign that the program needs more people first.
 */
function mostlyUnplaced(data: RoundRowsResponse): boolean {
  const { placed } = data.overview;
  return placed === 0 || leftOut(data) > placed;
}

const leftOut = (data: RoundRowsResponse) => data.overview.unmatchedReasons.reduce((n, r) => n + r.count, 0);

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
  const [roundId, setRoundId] = useState<string | null>(null);
  const [query, setQuery] = useState<RowsQuery>(() => ({
    status: 'all',
    page: 1,
    pageSize: initialPageSize(),
  }));
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [refresh, setRefresh] = useState(0);
  const [data, setData] = useState<RoundRowsResponse | null>(null);
  const [loadingRows, setLoadingRows] = useState(false);
  const [rowsError, setRowsError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [confirmPublish, setConfirmPublish] = useState(false);

  // The newest round, once the list arrives (and when the program changes).
  useEffect(() => {
    if (rounds.phase === 'ready') setRoundId((current) => current ?? rounds.data.rounds[0]?.id ?? null);
  }, [rounds]);

  // Typing is debounced so each keystroke is not a query; a new search starts on its first page.
  useEffect(() => {
    const next = searchText.trim();
    if (next === search) return;
    const timer = setTimeout(() => {
      setSearch(next);
      setQuery((q) => ({ ...q, page: 1 }));
    }, 300);
    return () => clearTimeout(timer);
  }, [searchText, search]);

  // The page on screen; a round the worker is still planning or publishing is read again until it settles.
  useEffect(() => {
    if (roundId === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLoadingRows(true);
    setRowsError(null);
    admin
      .roundRows(programId, roundId, { ...query, search })
      .then((answer) => {
        if (!live) return;
        setData(answer);
        setLoadingRows(false);
        if (roundInProgress(answer.round))
          timer = setTimeout(() => live && setRefresh((n) => n + 1), FOLLOW_INTERVAL_MS);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setLoadingRows(false);
        setRowsError(e);
      });
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [admin, programId, roundId, query, search, refresh]);

  /** Shows another round: its first page, everyone, no selection. */
  const open = (id: string) => {
    setRoundId(id);
    setData((d) => (d?.round.id === id ? d : null));
    setQuery((q) => ({ ...q, status: 'all', page: 1 }));
    setSearchText('');
    setSearch('');
    setSelected([]);
    setRefresh((n) => n + 1);
  };

  /** Runs an action, then reads the page on screen again; `notice` is what to say when it worked. */
  const run = async (task: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const said = await task();
      setSelected([]);
      setRefresh((n) => n + 1);
      if (said) setNotice(said);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const preview = () =>
    void run(async () => {
      const draft = await admin.preview(programId);
      open(draft.id);
      rounds.reload();
      return null;
    });

  const publish = (draftId: string) => {
    setConfirmPublish(false);
    void run(async () => {
      const round = await admin.publish(programId, draftId);
      rounds.reload();
      return round.status === 'published' ? t('admin.rounds.published') : null;
    });
  };

  const applyOverride = () => {
    if (!pending || !roundId || reason.trim() === '') return;
    const body = { ...pending, reason: reason.trim() } as OverrideRequest;
    void run(async () => {
      await admin.override(programId, roundId, body);
      setPending(null);
      setReason('');
      return null;
    });
  };

  const round = data && data.round.id === roundId ? data.round : null;
  // Scheduled rounds never overlap (decision 0020); publishing a draft while a round runs is the admin's choice,
  // made knowingly: its people get a second peer and series.
  const today = new Date().toISOString().slice(0, 10);
  const running =
    rounds.phase === 'ready'
      ? rounds.data.rounds.find((r) => r.status === 'published' && r.endsOn >= today && r.id !== roundId)
      : undefined;
  const sparse = data !== null && mostlyUnplaced(data);
  const selection = selected.map(parseKey);
  const twoUnmatched = selection.length === 2 && selection.every((s) => s.pairingId === '');
  const swappable =
    selection.length === 2 &&
    selection.every((s) => s.pairingId !== '') &&
    selection[0]?.pairingId !== selection[1]?.pairingId;
  const toggle = (key: string, on: boolean) =>
    setSelected((s) => (on ? [...s, key] : s.filter((k) => k !== key)));
  const editable = round !== null && (round.status === 'draft' || round.status === 'published');
  const attention = data?.overview.needsAttention ?? 0;
  const unmatchedReasons = data ? unmatchedByReason(data.overview.unmatchedReasons, i18n) : [];

  return (
    <div className={styles.column}>
      <div className={styles.row}>
        <Button appearance="primary" disabled={busy} onClick={preview}>
          {busy ? t('admin.rounds.previewing') : t('admin.rounds.preview')}
        </Button>
        {round?.status === 'draft' && data && (
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() => (sparse || running ? setConfirmPublish(true) : publish(round.id))}
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
      {rounds.phase === 'ready' && rounds.data.rounds.length === 0 && roundId === null && (
        <EmptyState>{t('admin.rounds.empty')}</EmptyState>
      )}
      {rowsError !== null && <ErrorState error={rowsError} onRetry={() => setRefresh((n) => n + 1)} />}
      {roundId !== null && !round && rowsError === null && <LoadingState />}

      {round && data && (
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
                  <Button disabled={busy} onClick={() => publish(round.id)}>
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
          {data.overview.scores.length > 0 && (
            <div className={styles.chart}>
              <VerticalBarChart
                chartTitle={t('admin.rounds.scores')}
                height={220}
                hideLegend
                // Ten bins of three-digit ranges ("100–109") overlap side by side in the chart's 640 px.
                rotateXAxisLables
                culture={i18n.locale}
                data={data.overview.scores.map((b) => ({
                  // A range of one score is that score ("54", not "54–54").
                  x:
                    b.from === b.to
                      ? i18n.formatNumber(b.from)
                      : t('admin.rounds.scoreBucket', { from: b.from, to: b.to }),
                  y: b.count,
                  legend: t('admin.rounds.pairingsCount'),
                  color: theme.colorBrandBackground,
                }))}
              />
            </div>
          )}

          <Subtitle2 as="h3">{t('admin.rounds.needsAttention')}</Subtitle2>
          <div className={styles.row}>
            <Text>
              {attention === 0
                ? t('admin.rounds.needsAttention.none')
                : t('admin.rounds.needsAttention.count', { count: attention })}
            </Text>
            {attention > 0 && query.status !== 'needs-attention' && (
              <Button
                size="small"
                onClick={() => {
                  setSearchText('');
                  setSearch('');
                  setQuery((q) => ({ ...q, status: 'needs-attention', page: 1 }));
                }}
              >
                {t('admin.rounds.showThem')}
              </Button>
            )}
            {attention > 1 && (
              <Button
                size="small"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    const { retried, actions } = await admin.retryAllNeedingAttention(programId);
                    return t('admin.rounds.retriedAll', { count: retried, ...actions });
                  })
                }
              >
                {t('admin.rounds.retryAll', { count: attention })}
              </Button>
            )}
          </div>

          <Subtitle2 as="h3">{t('admin.rounds.unmatched')}</Subtitle2>
          {unmatchedReasons.length === 0 ? (
            <Text>{t('admin.rounds.unmatched.none')}</Text>
          ) : (
            <div className={styles.row}>
              <ul className={styles.reasons}>
                {unmatchedReasons.map(([text, count]) => (
                  <li key={text}>{t('admin.rounds.unmatched.byReason', { reason: text, count })}</li>
                ))}
              </ul>
              {query.status !== 'unmatched' && (
                <Button
                  size="small"
                  onClick={() => {
                    setSearchText('');
                    setSearch('');
                    setQuery((q) => ({ ...q, status: 'unmatched', page: 1 }));
                  }}
                >
                  {t('admin.rounds.showThem')}
                </Button>
              )}
            </div>
          )}

          <Subtitle2 as="h3">{t('admin.rounds.people')}</Subtitle2>
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
              {selected.length > 0 && (
                <Button appearance="subtle" onClick={() => setSelected([])}>
                  {t('admin.rounds.clearSelection')}
                </Button>
              )}
            </div>
          )}
          <RoundRows
            data={data}
            query={query}
            searchText={searchText}
            onSearchText={setSearchText}
            onQuery={(change) => setQuery((q) => ({ ...q, ...change }))}
            loading={loadingRows}
            editable={editable}
            busy={busy}
            selected={selected}
            onToggle={toggle}
            onUnpair={(pairingId) => setPending({ action: 'unpair', pairingId })}
            onRetry={(pairingId) =>
              void run(async () => {
                await admin.retryBooking(programId, pairingId);
                return t('admin.rounds.retried');
              })
            }
          />
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
                  aria-current={r.id === roundId ? 'true' : undefined}
                  onClick={() => open(r.id)}
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
              {!sparse
                ? t('admin.rounds.confirmOverlap.title')
                : data?.overview.placed === 0
                  ? t('admin.rounds.confirmEmpty.title')
                  : t('admin.rounds.confirmSparse.title', {
                      unmatched: data ? leftOut(data) : 0,
                      people: data ? leftOut(data) + data.overview.placed : 0,
                    })}
            </DialogTitle>
            <DialogContent className={styles.column}>
              {running && (
                <Text>
                  {t('admin.rounds.confirmOverlap.body', {
                    round: roundTitle(running, i18n),
                    date: i18n.formatDay(running.endsOn),
                  })}
                </Text>
              )}
              {sparse && <Text>{t('admin.rounds.confirm.body')}</Text>}
              {sparse && unmatchedReasons.length > 0 && (
                <ul className={styles.reasons}>
                  {unmatchedReasons.map(([text, count]) => (
                    <li key={text}>{t('admin.rounds.unmatched.byReason', { reason: text, count })}</li>
                  ))}
                </ul>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" disabled={busy} onClick={() => round && publish(round.id)}>
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
