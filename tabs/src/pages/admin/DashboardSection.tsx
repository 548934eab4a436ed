import { LineChart, VerticalBarChart } from '@fluentui/react-charts';
import { Caption1, makeStyles, Text, tokens } from '@fluentui/react-components';

import { type ProgramStats } from '../../../../functions/src/contracts/admin';
import { SKIP_CATEGORIES } from '../../../../functions/src/contracts/common';
import { type AdminApi } from '../../api/admin-api';
import { useTheme } from '../../components/AppProviders';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { useLoad } from '../../components/use-load';
import { dayAxis } from '../../format/day-axis';
import { type I18n, useI18n } from '../../i18n/i18n';
import { BarList } from './charts/BarList';
import { ChartCard, type ChartTableData } from './charts/ChartCard';
import { ChartLegend } from './charts/ChartLegend';
import { DepartmentHeatMap } from './charts/DepartmentHeatMap';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(300px, 100%), 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  note: { display: 'block', color: tokens.colorNeutralForeground3 },
  figure: { display: 'block' },
});

const FUNNEL_STAGES = ['participants', 'placed', 'booked', 'met'] as const;

/**
 * What a program shows it delivers: reach over time, the path from joining to meeting, sessions held (from the
 * calendars), ratings, skips, what pairs do in their workspaces (counts only), cross-team links. Every chart has its numbers as text: labels and figures outside
 * the shapes, and a table behind "Show as table".
 */
export function DashboardSection({ admin, programId }: { admin: AdminApi; programId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const stats = useLoad(() => admin.stats(programId), [admin, programId]);
  if (stats.phase === 'loading') return <LoadingState />;
  if (stats.phase === 'error') return <ErrorState error={stats.error} onRetry={stats.reload} />;
  const s = stats.data;
  if (s.participantsOverTime.length === 0 && s.funnel.participants === 0)
    return <EmptyState>{t('admin.dashboard.empty')}</EmptyState>;
  return <Dashboard stats={s} i18n={i18n} />;
}

function Dashboard({ stats: s, i18n }: { stats: ProgramStats; i18n: I18n }) {
  const styles = useStyles();
  const { t } = i18n;
  const theme = useTheme();
  const n = (value: number) => i18n.formatNumber(value);
  const percent = (part: number, whole: number) =>
    i18n.formatNumber(whole > 0 ? part / whole : 0, { style: 'percent', maximumFractionDigits: 0 });
  // Colours come from the active Fluent theme (real values, because chart scales interpolate them).
  const brand = theme.colorBrandBackground;
  const stageColors = [
    brand,
    theme.colorPaletteTealBorderActive,
    theme.colorPaletteGreenBorderActive,
    theme.colorPaletteMarigoldBorderActive,
  ];
  const day = (iso: string) => i18n.formatDayRange(iso, iso);
  // The chart sits in a card a third of the page wide: six dates there touched ("Sep 28Oct 12").
  const axis = dayAxis(
    s.participantsOverTime.map((p) => p.date),
    i18n.locale,
    4,
  );
  const point = (date: string, y: number) => ({
    x: new Date(`${date}T00:00:00Z`),
    y,
    // The hover card says the day too, not the chart's own date-and-time.
    xAxisCalloutData: day(date),
  });

  const participantsTable: ChartTableData = {
    columns: [t('admin.dashboard.table.week'), t('admin.dashboard.enrolled'), t('admin.dashboard.active')],
    rows: s.participantsOverTime.map((p) => ({
      key: p.date,
      cells: [day(p.date), n(p.enrolled), n(p.active)],
    })),
  };

  const funnelBars = FUNNEL_STAGES.map((stage, i) => ({
    key: stage,
    label: t(`admin.dashboard.funnel.${stage}`),
    value: s.funnel[stage],
    valueText: t('admin.dashboard.funnel.value', {
      value: n(s.funnel[stage]),
      share: percent(s.funnel[stage], s.funnel.participants),
    }),
    color: stageColors[i] ?? brand,
  }));
  const funnelTable: ChartTableData = {
    columns: [
      t('admin.dashboard.table.stage'),
      t('admin.dashboard.table.people'),
      t('admin.dashboard.table.share'),
    ],
    rows: funnelBars.map((b) => ({
      key: b.key,
      cells: [b.label, n(b.value), percent(b.value, s.funnel.participants)],
    })),
  };

  const ratingTotal = s.ratingCounts.reduce((a, b) => a + b, 0);
  const ratingsTable: ChartTableData | null =
    ratingTotal === 0
      ? null
      : {
          columns: [t('admin.dashboard.table.rating'), t('admin.dashboard.table.ratings')],
          rows: s.ratingCounts.map((count, i) => ({
            key: String(i + 1),
            cells: [t('admin.dashboard.rating', { stars: i + 1 }), n(count)],
          })),
        };

  const held = s.sessionsHeld;
  const heldTable: ChartTableData = {
    columns: [t('admin.dashboard.table.measure'), t('admin.dashboard.table.count')],
    rows: [
      { key: 'held', cells: [t('admin.dashboard.held.sessionsHeld'), n(held.likelyHeld)] },
      { key: 'so-far', cells: [t('admin.dashboard.held.sessionsSoFar'), n(held.sessionsSoFar)] },
      { key: 'pairs-held', cells: [t('admin.dashboard.held.pairsHeld'), n(held.pairingsWithOneHeld)] },
      { key: 'pairs', cells: [t('admin.dashboard.held.pairs'), n(held.pairings)] },
      // Self-reported, per session (either member's feedback): next to, not mixed with, the calendars' figures.
      { key: 'reported-met', cells: [t('admin.dashboard.held.reportedMet'), n(held.reportedMet)] },
    ],
  };

  const byCategory = s.skips.byCategory;
  const skipBars = byCategory
    ? SKIP_CATEGORIES.map((category, i) => ({
        key: category,
        label: t(`admin.dashboard.skips.${category}`),
        value: byCategory[category],
        valueText: n(byCategory[category]),
        color: stageColors[i] ?? brand,
      }))
    : [];
  const withReason = skipBars.reduce((sum, b) => sum + b.value, 0);
  const skipsTable: ChartTableData | null = byCategory
    ? {
        columns: [t('admin.dashboard.table.reason'), t('admin.dashboard.table.skips')],
        rows: skipBars.map((b) => ({ key: b.key, cells: [b.label, n(b.value)] })),
      }
    : null;

  const ws = s.workspaces;
  const workspaceBars = (['withGoals', 'withEditedAgenda', 'withCheckIns'] as const).map((measure, i) => ({
    key: measure,
    label: t(`admin.dashboard.workspaces.${measure}`),
    value: ws[measure],
    valueText: t('admin.dashboard.funnel.value', {
      value: n(ws[measure]),
      share: percent(ws[measure], ws.pairings),
    }),
    color: stageColors[i] ?? brand,
  }));
  const workspacesTable: ChartTableData | null =
    ws.pairings === 0
      ? null
      : {
          columns: [
            t('admin.dashboard.table.measure'),
            t('admin.dashboard.table.pairings'),
            t('admin.dashboard.table.shareOfPairings'),
          ],
          rows: workspaceBars.map((b) => ({
            key: b.key,
            cells: [b.label, n(b.value), percent(b.value, ws.pairings)],
          })),
        };

  const { departments, counts } = s.departmentMatrix;
  const heatTable: ChartTableData = {
    columns: [t('admin.dashboard.table.departments'), t('admin.dashboard.table.connections')],
    rows: departments
      .flatMap((a, i) => departments.slice(i).map((b, k) => ({ a, b, value: counts[i]?.[i + k] ?? 0 })))
      .filter((c) => c.value > 0)
      .sort((x, y) => y.value - x.value)
      .map((c) => ({
        key: `${c.a}|${c.b}`,
        cells: [
          c.a === c.b
            ? t('admin.dashboard.heatmap.within', { department: c.a })
            : t('admin.dashboard.heatmap.between', { a: c.a, b: c.b }),
          n(c.value),
        ],
      })),
  };

  return (
    <>
      {s.needsAttention > 0 && (
        <Text>{t('admin.dashboard.needsAttention', { count: s.needsAttention })}</Text>
      )}
      <div className={styles.grid}>
        <ChartCard title={t('admin.dashboard.participants')} table={participantsTable}>
          {s.participantsOverTime.length === 1 && s.participantsOverTime[0] ? (
            // One point is not a line (and the chart draws it as a lone dot): the week's figures in words.
            <Text>
              {t('admin.dashboard.oneWeek', {
                week: day(s.participantsOverTime[0].date),
                enrolled: n(s.participantsOverTime[0].enrolled),
                active: n(s.participantsOverTime[0].active),
              })}
            </Text>
          ) : (
            <>
              <LineChart
                height={240}
                culture={i18n.locale}
                hideLegend
                useUTC
                tickValues={axis.ticks}
                customDateTimeFormatter={axis.format}
                data={{
                  chartTitle: t('admin.dashboard.participants'),
                  lineChartData: [
                    {
                      legend: t('admin.dashboard.enrolled'),
                      color: brand,
                      data: s.participantsOverTime.map((p) => point(p.date, p.enrolled)),
                    },
                    {
                      legend: t('admin.dashboard.active'),
                      color: theme.colorPaletteTealBorderActive,
                      data: s.participantsOverTime.map((p) => point(p.date, p.active)),
                    },
                  ],
                }}
              />
              <ChartLegend
                label={t('admin.dashboard.legend')}
                entries={[
                  { title: t('admin.dashboard.enrolled'), color: brand },
                  { title: t('admin.dashboard.active'), color: theme.colorPaletteTealBorderActive },
                ]}
              />
            </>
          )}
        </ChartCard>

        <ChartCard title={t('admin.dashboard.funnel')} table={funnelTable}>
          <BarList bars={funnelBars} centered label={t('admin.dashboard.funnel')} />
          <Caption1 className={styles.note}>{t('admin.dashboard.funnel.note')}</Caption1>
        </ChartCard>

        <ChartCard title={t('admin.dashboard.held')} table={held.sessionsSoFar > 0 ? heldTable : null}>
          {held.sessionsSoFar === 0 ? (
            <Text>{t('admin.dashboard.held.none')}</Text>
          ) : (
            <>
              <Text className={styles.figure} data-testid="sessions-held">
                {t('admin.dashboard.held.sessions', { held: n(held.likelyHeld), count: held.sessionsSoFar })}
              </Text>
              <Text className={styles.figure}>
                {t('admin.dashboard.held.pairings', {
                  held: n(held.pairingsWithOneHeld),
                  count: held.pairings,
                })}
              </Text>
            </>
          )}
          <Caption1 className={styles.note}>{t('admin.dashboard.held.note')}</Caption1>
        </ChartCard>

        <ChartCard title={t('admin.dashboard.ratings')} table={ratingsTable}>
          {s.ratingsGiven === 0 ? (
            <Text>{t('admin.dashboard.noRatings')}</Text>
          ) : ratingTotal === 0 ? (
            <Text>{t('admin.dashboard.ratingsWithheld', { count: s.ratingsGiven })}</Text>
          ) : (
            <>
              <VerticalBarChart
                chartTitle={t('admin.dashboard.ratings')}
                height={220}
                hideLegend
                wrapXAxisLables
                culture={i18n.locale}
                data={s.ratingCounts.map((count, i) => ({
                  x: t('admin.dashboard.rating', { stars: i + 1 }),
                  y: count,
                  color: brand,
                }))}
              />
              {s.averageRating !== null && (
                <Caption1>
                  {t('admin.dashboard.averageRating', {
                    value: i18n.formatNumber(s.averageRating, { maximumFractionDigits: 1 }),
                  })}
                </Caption1>
              )}
            </>
          )}
        </ChartCard>

        <ChartCard title={t('admin.dashboard.skips')} table={skipsTable}>
          <Text className={styles.figure} data-testid="skips-total">
            {t('admin.dashboard.skips.total', { count: s.skips.total })}
          </Text>
          {byCategory ? (
            <>
              <BarList bars={skipBars} label={t('admin.dashboard.skips')} />
              {withReason < s.skips.total && (
                <Caption1 className={styles.note}>
                  {t('admin.dashboard.skips.noReason', { count: s.skips.total - withReason })}
                </Caption1>
              )}
            </>
          ) : (
            s.skips.total > 0 && (
              <Caption1 className={styles.note}>{t('admin.dashboard.skips.withheld')}</Caption1>
            )
          )}
        </ChartCard>

        <ChartCard title={t('admin.dashboard.workspaces')} table={workspacesTable}>
          {ws.pairings === 0 ? (
            <Text>{t('admin.dashboard.workspaces.none')}</Text>
          ) : (
            <>
              <BarList bars={workspaceBars} label={t('admin.dashboard.workspaces')} />
              <Text className={styles.figure} data-testid="workspace-check-ins">
                {t('admin.dashboard.workspaces.checkIns', { count: ws.checkIns })}
              </Text>
            </>
          )}
          <Caption1 className={styles.note}>{t('admin.dashboard.workspaces.note')}</Caption1>
        </ChartCard>

        <ChartCard title={t('admin.dashboard.heatmap')} table={heatTable} wide>
          {departments.length === 0 ? (
            <Text>{t('admin.dashboard.empty')}</Text>
          ) : (
            <DepartmentHeatMap
              title={t('admin.dashboard.heatmap')}
              corner={t('admin.dashboard.heatmap.corner')}
              departments={departments}
              counts={counts}
              formatCount={n}
              palette={{
                low: theme.colorNeutralBackground1,
                high: brand,
                text: theme.colorNeutralForeground1,
                textInverted: theme.colorNeutralForegroundInverted,
              }}
            />
          )}
        </ChartCard>
      </div>
    </>
  );
}
