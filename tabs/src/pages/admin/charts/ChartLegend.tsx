import { makeStyles, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  // Wraps onto as many lines as it needs: no entry is ever shortened to "Me…".
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  item: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalXS },
  swatch: {
    width: '12px',
    height: '12px',
    flexShrink: 0,
    borderRadius: tokens.borderRadiusSmall,
    // Keeps a light swatch visible on a light card (and a dark one on dark).
    outline: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
});

/** A chart's legend in plain text, in place of the chart's own (which cuts entries it cannot fit on one line). */
export function ChartLegend({
  entries,
  label,
}: {
  entries: Array<{ title: string; color: string }>;
  label: string;
}) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label={label}>
      {entries.map((e) => (
        <li key={e.title} className={styles.item}>
          <span className={styles.swatch} style={{ backgroundColor: e.color }} aria-hidden />
          <Text size={200}>{e.title}</Text>
        </li>
      ))}
    </ul>
  );
}
