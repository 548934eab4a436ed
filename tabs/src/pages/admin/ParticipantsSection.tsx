import {
  Badge,
  Button,
  Field,
  Input,
  makeStyles,
  SearchBox,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';

import { type AdminParticipant } from '../../../../functions/src/contracts/admin';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '../../../../functions/src/contracts/employee';
import { type AdminApi } from '../../api/admin-api';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { useLoad } from '../../components/use-load';
import { useI18n } from '../../i18n/i18n';
import { saveBlob } from './download';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  // Scrolls sideways on a phone: its wrapper is a focusable region, so the keyboard can scroll it too.
  tableWrap: { overflowX: 'auto' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export function ParticipantsSection({ admin, programId }: { admin: AdminApi; programId: string }) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<EnrollmentStatus | ''>('');
  const [department, setDepartment] = useState('');
  const [more, setMore] = useState<AdminParticipant[]>([]);
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);

  // Debounce typing so each keystroke is not a query.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText.trim()), 300);
    return () => clearTimeout(timer);
  }, [searchText]);
  const first = useLoad(() => {
    setMore([]);
    setToken(undefined);
    return admin.participants(programId, {
      pageSize: 25,
      search: search || undefined,
      status: status || undefined,
      department: department.trim() || undefined,
    });
  }, [admin, programId, search, status, department]);

  const exportCsv = async () => {
    setExporting(true);
    setError(null);
    try {
      saveBlob(await admin.exportCsv(programId), `pairwise-${programId}.csv`);
    } catch (e) {
      setError(e);
    } finally {
      setExporting(false);
    }
  };

  const next = first.phase === 'ready' ? (token === undefined ? first.data.continuationToken : token) : null;
  const rows = first.phase === 'ready' ? [...first.data.items, ...more] : [];

  return (
    <>
      <div className={styles.filters}>
        <Field label={t('admin.participants.search')}>
          <SearchBox value={searchText} onChange={(_e, d) => setSearchText(d.value)} />
        </Field>
        <Field label={t('admin.participants.status')}>
          <Select value={status} onChange={(_e, d) => setStatus(d.value as EnrollmentStatus | '')}>
            <option value="">{t('admin.participants.all')}</option>
            {ENROLLMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`programs.status.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('admin.participants.department')}>
          <Input value={department} onChange={(_e, d) => setDepartment(d.value)} />
        </Field>
        <Button onClick={() => void exportCsv()} disabled={exporting}>
          {t('admin.participants.export')}
        </Button>
      </div>
      {error !== null && <ErrorState error={error} />}
      {first.phase === 'loading' && <LoadingState />}
      {first.phase === 'error' && <ErrorState error={first.error} onRetry={first.reload} />}
      {first.phase === 'ready' && rows.length === 0 && (
        <EmptyState>{t('admin.participants.empty')}</EmptyState>
      )}
      {rows.length > 0 && (
        <div className={styles.tableWrap} role="region" aria-label={t('admin.nav.participants')} tabIndex={0}>
          <Table aria-label={t('admin.nav.participants')} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('admin.participants.col.name')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.participants.col.department')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.participants.col.level')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.participants.col.status')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.participants.col.goals')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.participants.col.enrolled')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((p) => (
                <TableRow key={p.userId}>
                  <TableCell>{p.displayName}</TableCell>
                  <TableCell>{p.department ?? ''}</TableCell>
                  <TableCell>{p.level ?? ''}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={p.status === 'active' ? 'success' : 'informative'}>
                      {t(`programs.status.${p.status}`)}
                    </Badge>
                  </TableCell>
                  <TableCell>{i18n.formatList(p.goals.map((g) => t(`kind.${g}`)))}</TableCell>
                  <TableCell>{i18n.formatDate(p.enrolledAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {next && (
        <div className={styles.row}>
          <Button
            onClick={() => {
              setError(null);
              admin
                .participants(programId, {
                  pageSize: 25,
                  continuationToken: next,
                  search: search || undefined,
                  status: status || undefined,
                  department: department.trim() || undefined,
                })
                .then(
                  (page) => {
                    setMore((m) => [...m, ...page.items]);
                    setToken(page.continuationToken);
                  },
                  (e: unknown) => setError(e),
                );
            }}
          >
            {t('admin.participants.more')}
          </Button>
        </div>
      )}
    </>
  );
}
