import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useState } from 'react';

import { type AuditEntry } from '../../../../functions/src/contracts/admin';
import { type AdminApi } from '../../api/admin-api';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { useLoad } from '../../components/use-load';
import { describeAuditAction } from '../../format/admin-reason-text';
import { useI18n } from '../../i18n/i18n';

export function AuditSection({ admin }: { admin: AdminApi }) {
  const i18n = useI18n();
  const { t } = i18n;
  const first = useLoad(() => admin.audit({}), [admin]);
  const [more, setMore] = useState<AuditEntry[]>([]);
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  if (first.phase === 'loading') return <LoadingState />;
  if (first.phase === 'error') return <ErrorState error={first.error} onRetry={first.reload} />;
  const entries = [...first.data.items, ...more];
  const next = token === undefined ? first.data.continuationToken : token;
  if (entries.length === 0) return <EmptyState>{t('admin.audit.empty')}</EmptyState>;
  return (
    <>
      <Table aria-label={t('admin.nav.audit')} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('admin.audit.col.at')}</TableHeaderCell>
            <TableHeaderCell>{t('admin.audit.col.action')}</TableHeaderCell>
            <TableHeaderCell>{t('admin.audit.col.target')}</TableHeaderCell>
            <TableHeaderCell>{t('admin.audit.col.reason')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {entries.map((e) => (
            <TableRow key={e.id}>
              <TableCell>{i18n.formatDateTime(e.at)}</TableCell>
              <TableCell>{describeAuditAction(e.action, i18n)}</TableCell>
              <TableCell>{[e.programId, e.target].filter(Boolean).join(' / ')}</TableCell>
              <TableCell>{e.reason ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {error !== null && <ErrorState error={error} />}
      {next && (
        <Button
          onClick={() => {
            setError(null);
            admin.audit({ continuationToken: next }).then(
              (page) => {
                setMore((m) => [...m, ...page.items]);
                setToken(page.continuationToken);
              },
              (e: unknown) => setError(e),
            );
          }}
        >
          {t('admin.audit.more')}
        </Button>
      )}
    </>
  );
}
