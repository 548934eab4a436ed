import {
  Badge,
  Button,
  Caption1,
  Checkbox,
  Field,
  makeStyles,
  SearchBox,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';

import {
  type AdminPairing,
  ROUND_ROW_STATUSES,
  type RoundRowsResponse,
  type RoundRowStatus,
  type Unmatched,
} from '../../../../functions/src/contracts/admin';
import {
  describeAttention,
  describeReasonsForAdmin,
  describeUnmatched,
} from '../../format/admin-reason-text';
import { useI18n } from '../../i18n/i18n';

/** The page sizes an admin can choose; a phone starts with the smallest, so a page is a few screens tall. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  search: { minWidth: '0', flexGrow: 1, maxWidth: '360px' },
  // Scrolls sideways on a phone: its wrapper is a focusable region, so the keyboard can scroll it too.
  tableWrap: { overflowX: 'auto' },
  // Wide enough that the reasons read as lines, not a word per line (squeezed to a phone's width, one page of
  // rows was as tall as four screens of rows here).
  table: { minWidth: '760px' },
  colMembers: { width: '24%' },
  colScore: { width: '7%' },
  colReasons: { width: '41%' },
  colState: { width: '16%' },
  colActions: { width: '12%' },
  members: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
  reasons: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  state: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    rowGap: tokens.spacingVerticalXXS,
  },
  pager: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

export interface RowsQuery {
  status: RoundRowStatus;
  page: number;
  pageSize: number;
}

/**
 * A round's pairings and the people it left out, one page at a time: find a person by name, show one status,
 * move between pages. The page comes from the API (rounds/{id}/rows), so the screen holds one page of rows
 * whatever the size of the round; "Showing 1–25 of 312" is announced as it changes.
 */
export function RoundRows(props: {
  data: RoundRowsResponse;
  query: RowsQuery;
  searchText: string;
  onSearchText: (text: string) => void;
  onQuery: (change: Partial<RowsQuery>) => void;
  /** A page is on its way (the current one stays on screen meanwhile). */
  loading: boolean;
  editable: boolean;
  busy: boolean;
  selected: readonly string[];
  onToggle: (key: string, on: boolean) => void;
  onUnpair: (pairingId: string) => void;
  onRetry: (pairingId: string) => void;
}) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { data, query, editable, busy } = props;
  const { items, page, pageSize, total } = data.rows;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const search = props.searchText.trim();

  return (
    <div className={styles.column}>
      <div className={styles.toolbar} role="search" aria-label={t('admin.rounds.find')}>
        <Field label={t('admin.rounds.search')} className={styles.search}>
          <SearchBox value={props.searchText} onChange={(_e, d) => props.onSearchText(d.value)} />
        </Field>
        <Field label={t('admin.rounds.filter')}>
          <Select
            value={query.status}
            onChange={(_e, d) => props.onQuery({ status: d.value as RoundRowStatus, page: 1 })}
          >
            {ROUND_ROW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`admin.rounds.filter.${s}`, { count: data.counts[s] })}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      <Text role="status" aria-live="polite">
        {total === 0
          ? search !== ''
            ? t('admin.rounds.showing.noMatch', { search })
            : t('admin.rounds.showing.none')
          : t('admin.rounds.showing', { from, to, total })}
      </Text>

      {items.length > 0 && (
        <div
          className={styles.tableWrap}
          role="region"
          aria-label={t('admin.rounds.rows')}
          aria-busy={props.loading}
          tabIndex={0}
        >
          <Table size="small" className={styles.table} aria-label={t('admin.rounds.rows')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.colMembers}>
                  {t('admin.rounds.col.members')}
                </TableHeaderCell>
                <TableHeaderCell className={styles.colScore}>{t('admin.rounds.col.score')}</TableHeaderCell>
                <TableHeaderCell className={styles.colReasons}>
                  {t('admin.rounds.col.reasons')}
                </TableHeaderCell>
                <TableHeaderCell className={styles.colState}>{t('admin.rounds.col.state')}</TableHeaderCell>
                <TableHeaderCell className={styles.colActions}>
                  {t('admin.rounds.col.actions')}
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((row) =>
                row.kind === 'pairing' ? pairingRow(row.pairing) : unmatchedRow(row.person),
              )}
            </TableBody>
          </Table>
        </div>
      )}

      <nav className={styles.pager} aria-label={t('admin.rounds.pages')}>
        <Button disabledFocusable={page <= 1} onClick={() => page > 1 && props.onQuery({ page: page - 1 })}>
          {t('admin.rounds.previous')}
        </Button>
        <Caption1>{t('admin.rounds.page', { page, pages })}</Caption1>
        <Button
          // Stays focusable on the last page, so the keyboard is not thrown back to the top.
          disabledFocusable={page >= pages}
          onClick={() => page < pages && props.onQuery({ page: page + 1 })}
        >
          {t('admin.rounds.next')}
        </Button>
        <Field label={t('admin.rounds.pageSize')} orientation="horizontal">
          <Select
            value={String(pageSize)}
            onChange={(_e, d) => props.onQuery({ pageSize: Number(d.value), page: 1 })}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {i18n.formatNumber(n)}
              </option>
            ))}
          </Select>
        </Field>
      </nav>
    </div>
  );

  // Rows are drawn by functions, not components of their own: a component declared here would be a new type on
  // every render, and React would remount each row (a checkbox would lose focus as it is ticked).
  function pairingRow(p: AdminPairing) {
    const names = i18n.formatList(p.members.map((m) => m.displayName));
    return (
      <TableRow key={p.id}>
        <TableCell>
          <div className={styles.members}>
            {p.members.map((m) => {
              const label = m.department
                ? t('admin.rounds.member', { name: m.displayName, department: m.department })
                : m.displayName;
              return editable ? (
                <Checkbox
                  key={m.userId}
                  label={label}
                  checked={props.selected.includes(`${p.id}|${m.userId}`)}
                  onChange={(_e, d) => props.onToggle(`${p.id}|${m.userId}`, d.checked === true)}
                />
              ) : (
                <Text key={m.userId}>{label}</Text>
              );
            })}
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
          <div className={styles.state}>
            <Badge appearance="tint" color={p.state === 'needs-attention' ? 'warning' : 'brand'}>
              {t(`pairing.state.${p.state}`)}
            </Badge>
            {p.state === 'needs-attention' && p.attention && (
              <Caption1>{describeAttention(p.attention, i18n)}</Caption1>
            )}
            {p.overridden && <Caption1>{t('admin.rounds.overridden')}</Caption1>}
          </div>
        </TableCell>
        <TableCell>
          <div className={styles.state}>
            {p.state === 'needs-attention' && (
              <Button
                size="small"
                disabled={busy}
                aria-label={t('admin.rounds.actionFor', { action: t('admin.rounds.retry'), names })}
                onClick={() => props.onRetry(p.id)}
              >
                {t('admin.rounds.retry')}
              </Button>
            )}
            {editable && p.state !== 'cancelled' && p.state !== 'ended' && (
              <Button
                size="small"
                disabled={busy}
                aria-label={t('admin.rounds.actionFor', { action: t('admin.rounds.unpair'), names })}
                onClick={() => props.onUnpair(p.id)}
              >
                {t('admin.rounds.unpair')}
              </Button>
            )}
          </div>
        </TableCell>
      </TableRow>
    );
  }

  function unmatchedRow(u: Unmatched) {
    return (
      <TableRow key={u.userId}>
        <TableCell>
          {editable ? (
            <Checkbox
              label={u.displayName}
              checked={props.selected.includes(`|${u.userId}`)}
              onChange={(_e, d) => props.onToggle(`|${u.userId}`, d.checked === true)}
            />
          ) : (
            <Text>{u.displayName}</Text>
          )}
        </TableCell>
        <TableCell />
        <TableCell>{describeUnmatched(u, i18n)}</TableCell>
        <TableCell>
          <Badge appearance="tint" color="informative">
            {t('admin.rounds.unmatched')}
          </Badge>
        </TableCell>
        <TableCell />
      </TableRow>
    );
  }
}
