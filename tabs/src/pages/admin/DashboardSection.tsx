import { FunnelChart, HeatMapChart, LineChart, VerticalBarChart } from '@fluentui/react-charts';
import { Caption1, Card, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';

import { type AdminApi } from '../../api/admin-api';
import { useTheme } from '../../components/AppProviders';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { useLoad } from '../../components/use-load';
import { useI18n } from '../../i18n/i18n';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  card: { minWidth: 0 },
  caption: { display: 'block', marginTop: tokens.spacingVerticalL },
});

/** What a program shows it delivers: reach over time, the path from joining to meeting, ratings, cross-team links. */
export function DashboardSection({ admin, programId }: { admin: AdminApi; programId: string }) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const theme = useTheme();
  const stats = useLoad(() => admin.stats(programId), [admin, programId]);
  if (stats.phase === 'loading') return <LoadingState />;
  if (stats.phase === 'error') return <ErrorState error={stats.error} onRetry={stats.reload} />;
  const s = stats.data;
  if (s.participantsOverTime.length === 0 && s.funnel.participants === 0)
    return <EmptyState>{t('admin.dashboard.empty')}</EmptyState>;
  const ratingTotal = s.ratingCounts.reduce((a, b) => a + b, 0);
  const { departments, counts } = s.departmentMatrix;
  const maxCount = Math.max(1, ...counts.flat());
  // Colours come from the active Fluent theme (real values, because chart scales interpolate them).
  const brand = theme.colorBrandBackground;
  const compound = theme.colorPaletteTealBorderActive;
  const stageColors = [
    brand,
    theme.colorPaletteTealBorderActive,
    theme.colorPaletteGreenBorderActive,
    theme.colorPaletteMarigoldBorderActive,
  ];

  return (
    <>
      {s.needsAttention > 0 && (
        <Text>{t('admin.dashboard.needsAttention', { count: s.needsAttention })}</Text>
      )}
      <div className={styles.grid}>
        <Card className={styles.card}>
          <Subtitle2 as="h2">{t('admin.dashboard.participants')}</Subtitle2>
          <LineChart
            height={240}
            culture={i18n.locale}
            data={{
              chartTitle: t('admin.dashboard.participants'),
              lineChartData: [
                {
                  legend: t('admin.dashboard.enrolled'),
                  color: brand,
                  data: s.participantsOverTime.map((p) => ({
                    x: new Date(`${p.date}T00:00:00Z`),
                    y: p.enrolled,
                  })),
                },
                {
                  legend: t('admin.dashboard.active'),
                  color: compound,
                  data: s.participantsOverTime.map((p) => ({
                    x: new Date(`${p.date}T00:00:00Z`),
                    y: p.active,
                  })),
                },
              ],
            }}
          />
        </Card>
        <Card className={styles.card}>
          <Subtitle2 as="h2">{t('admin.dashboard.funnel')}</Subtitle2>
          <FunnelChart
            chartTitle={t('admin.dashboard.funnel')}
            height={240}
            culture={i18n.locale}
            data={(['participants', 'placed', 'booked', 'met'] as const).map((stage, i) => ({
              stage: t(`admin.dashboard.funnel.${stage}`),
              value: s.funnel[stage],
              color: stageColors[i],
            }))}
          />
          <Caption1 className={styles.caption}>{t('admin.dashboard.funnelTable', s.funnel)}</Caption1>
        </Card>
        <Card className={styles.card}>
          <Subtitle2 as="h2">{t('admin.dashboard.ratings')}</Subtitle2>
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
        </Card>
        <Card className={styles.card}>
          <Subtitle2 as="h2">{t('admin.dashboard.heatmap')}</Subtitle2>
          {departments.length === 0 ? (
            <Text>{t('admin.dashboard.empty')}</Text>
          ) : (
            <HeatMapChart
              chartTitle={t('admin.dashboard.heatmap')}
              height={Math.max(240, departments.length * 36)}
              culture={i18n.locale}
              margins={{ left: 100, bottom: 60 }}
              domainValuesForColorScale={[0, maxCount]}
              rangeValuesForColorScale={[theme.colorNeutralBackground3, brand]}
              data={[
                {
                  legend: t('admin.dashboard.heatmap'),
                  value: maxCount,
                  data: departments.flatMap((rowDept, i) =>
                    departments.map((colDept, j) => ({
                      x: colDept,
                      y: rowDept,
                      value: counts[i]?.[j] ?? 0,
                      rectText: counts[i]?.[j] ?? 0,
                    })),
                  ),
                },
              ]}
            />
          )}
        </Card>
      </div>
    </>
  );
}
