import {
  Button,
  Card,
  makeStyles,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { type ReactNode, useId, useState } from 'react';

import { useI18n } from '../../../i18n/i18n';

const useStyles = makeStyles({
  card: { minWidth: 0 },
  wide: { minWidth: 0, gridColumn: '1 / -1' },
  toggle: { alignSelf: 'flex-start' },
  // A table under a narrow chart scrolls in its own box, never the page.
  tableBox: { overflowX: 'auto', maxWidth: '100%' },
  number: { fontVariantNumeric: 'tabular-nums' },
  body: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS, minWidth: 0 },
});

/** The same numbers as the chart, as rows of text: the first column names the row, the others are figures. */
export interface ChartTableData {
  columns: string[];
  rows: Array<{ key: string; cells: string[] }>;
}

/**
 * A dashboard card: a heading, the chart, and its text alternative — a Fluent table with the same numbers behind a
 * "Show as table" toggle (aria-expanded, aria-controls), for screen readers and for anyone who wants the figures.
 */
export function ChartCard({
  title,
  table,
  wide,
  children,
}: {
  title: string;
  table: ChartTableData | null;
  /** Takes the whole row of the dashboard's grid (the heat map needs the width). */
  wide?: boolean;
  children: ReactNode;
}) {
  const styles = useStyles();
  const { t } = useI18n();
  const titleId = useId();
  const tableId = useId();
  const [open, setOpen] = useState(false);
  return (
    <Card className={wide ? styles.wide : styles.card} role="group" aria-labelledby={titleId}>
      <Subtitle2 as="h2" id={titleId}>
        {title}
      </Subtitle2>
      <div className={styles.body}>{children}</div>
      {table && table.rows.length > 0 && (
        <>
          <Button
            className={styles.toggle}
            appearance="subtle"
            size="small"
            aria-expanded={open}
            aria-controls={tableId}
            onClick={() => setOpen((o) => !o)}
          >
            {t(open ? 'admin.dashboard.hideTable' : 'admin.dashboard.showTable')}
          </Button>
          {open && (
            <div className={styles.tableBox} id={tableId}>
              <Table size="small" aria-label={t('admin.dashboard.tableOf', { chart: title })}>
                <TableHeader>
                  <TableRow>
                    {table.columns.map((column) => (
                      <TableHeaderCell key={column}>{column}</TableHeaderCell>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {table.rows.map((row) => (
                    <TableRow key={row.key}>
                      {row.cells.map((cell, i) => (
                        <TableCell key={i} className={i > 0 ? styles.number : undefined}>
                          {cell}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
