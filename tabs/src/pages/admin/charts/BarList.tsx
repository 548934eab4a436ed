import { makeStyles, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  list: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  item: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS, minWidth: 0 },
  // Label and figure sit above the bar, never inside it: they stay readable however short the bar is, and a long
  // label wraps instead of being cut.
  labels: {
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalS,
  },
  figure: { fontVariantNumeric: 'tabular-nums' },
  track: {
    display: 'flex',
    height: '12px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  centered: { justifyContent: 'center' },
  bar: { height: '100%', borderRadius: tokens.borderRadiusMedium },
});

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** The figure as shown ("36 (90%)"). */
  valueText: string;
  color: string;
}

/**
 * Horizontal bars with their label and figure outside the bar. `centered` draws them about a middle line, which
 * reads as a funnel when the stages narrow.
 */
export function BarList({ bars, centered, label }: { bars: Bar[]; centered?: boolean; label: string }) {
  const styles = useStyles();
  const max = Math.max(0, ...bars.map((b) => b.value));
  return (
    <ul className={styles.list} aria-label={label}>
      {bars.map((bar) => {
        const share = max > 0 ? (bar.value / max) * 100 : 0;
        return (
          <li key={bar.key} className={styles.item} data-testid={`bar-${bar.key}`}>
            <div className={styles.labels}>
              <Text>{bar.label}</Text>
              <Text weight="semibold" className={styles.figure}>
                {bar.valueText}
              </Text>
            </div>
            <div className={centered ? `${styles.track} ${styles.centered}` : styles.track} aria-hidden>
              <div
                className={styles.bar}
                // A count above zero always shows a sliver, so it never looks like none.
                style={{ width: bar.value > 0 ? `max(${share}%, 4px)` : 0, backgroundColor: bar.color }}
              />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
