import { makeStyles, tokens } from '@fluentui/react-components';

import { heatCellColours, type HeatPalette } from '../../../format/heat-colour';

const useStyles = makeStyles({
  // Many departments do not fit a phone's width: the grid scrolls in its own box (focusable, so a keyboard can
  // scroll it too), and every label stays whole.
  box: { overflowX: 'auto', maxWidth: '100%', paddingBottom: tokens.spacingVerticalXS },
  table: { borderCollapse: 'separate', borderSpacing: '2px', fontSize: tokens.fontSizeBase200 },
  corner: { textAlign: 'start', verticalAlign: 'bottom', fontWeight: tokens.fontWeightRegular },
  colHeader: {
    verticalAlign: 'bottom',
    fontWeight: tokens.fontWeightSemibold,
    padding: `0 0 ${tokens.spacingVerticalXS}`,
  },
  // Column names run bottom to top, so twelve of them fit above narrow cells without being shortened.
  vertical: { writingMode: 'vertical-rl', transform: 'rotate(180deg)', whiteSpace: 'nowrap' },
  rowHeader: {
    textAlign: 'end',
    fontWeight: tokens.fontWeightSemibold,
    paddingInlineEnd: tokens.spacingHorizontalS,
    maxWidth: '9rem',
    minWidth: '5rem',
  },
  cell: {
    minWidth: '1.75rem',
    height: '1.75rem',
    textAlign: 'center',
    fontVariantNumeric: 'tabular-nums',
    borderRadius: tokens.borderRadiusSmall,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  caption: {
    // The card's heading names the grid for sighted people; the caption names it for screen readers.
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

/** Connections between departments as a grid of counts: row and column names in full, the count in each cell. */
export function DepartmentHeatMap({
  title,
  corner,
  departments,
  counts,
  palette,
  formatCount,
}: {
  title: string;
  corner: string;
  departments: string[];
  counts: number[][];
  palette: HeatPalette;
  formatCount: (n: number) => string;
}) {
  const styles = useStyles();
  const max = Math.max(0, ...counts.flat());
  return (
    <div className={styles.box} role="region" aria-label={title} tabIndex={0}>
      <table className={styles.table}>
        <caption className={styles.caption}>{title}</caption>
        <thead>
          <tr>
            <th scope="col" className={styles.corner}>
              {corner}
            </th>
            {departments.map((d) => (
              <th key={d} scope="col" className={styles.colHeader}>
                <span className={styles.vertical}>{d}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {departments.map((row, i) => (
            <tr key={row}>
              <th scope="row" className={styles.rowHeader}>
                {row}
              </th>
              {departments.map((column, j) => {
                const value = counts[i]?.[j] ?? 0;
                return (
                  <td key={column} className={styles.cell} style={heatCellColours(value, max, palette)}>
                    {formatCount(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
