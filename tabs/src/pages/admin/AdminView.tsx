import { Field, makeStyles, Select, Tab, TabList, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';

import { createAdminApi } from '../../api/admin-api';
import { useServices } from '../../components/AppProviders';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { useLoad } from '../../components/use-load';
import { useI18n } from '../../i18n/i18n';
import { AuditSection } from './AuditSection';
import { DashboardSection } from './DashboardSection';
import { ParticipantsSection } from './ParticipantsSection';
import { ProgramsSection } from './ProgramsSection';
import { RoundsSection } from './RoundsSection';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  nav: { maxWidth: '100%' },
  // On a phone the tabs wrap onto a second line rather than hiding the last ones behind a sideways scroll.
  tabs: { flexWrap: 'wrap' },
  picker: { maxWidth: '360px' },
});

const SECTIONS = ['programs', 'participants', 'rounds', 'dashboard', 'audit'] as const;
type Section = (typeof SECTIONS)[number];

export interface AdminViewProps {
  route: string;
  navigate: (route: string) => void;
}

/** The admin tab (Pairwise.Admin): a separate chunk, loaded only when an admin opens it. */
export default function AdminView({ route, navigate }: AdminViewProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const { http } = useServices();
  const admin = useMemo(() => createAdminApi(http), [http]);
  const programs = useLoad(() => admin.programs(), [admin]);
  const [programId, setProgramId] = useState<string | null>(null);
  const requested = route.split('/')[1] as Section | undefined;
  const section: Section = requested && SECTIONS.includes(requested) ? requested : 'programs';

  useEffect(() => {
    if (programs.phase === 'ready' && !programId) setProgramId(programs.data.programs[0]?.id ?? null);
  }, [programs, programId]);

  const needsProgram = section === 'participants' || section === 'rounds' || section === 'dashboard';

  return (
    <div className={styles.column}>
      <nav className={styles.nav} aria-label={t('admin.nav.label')}>
        <TabList
          className={styles.tabs}
          size="small"
          selectedValue={section}
          onTabSelect={(_e, d) => navigate(`admin/${String(d.value)}`)}
        >
          {SECTIONS.map((s) => (
            <Tab key={s} value={s}>
              {t(`admin.nav.${s}`)}
            </Tab>
          ))}
        </TabList>
      </nav>
      {programs.phase === 'loading' && <LoadingState />}
      {programs.phase === 'error' && <ErrorState error={programs.error} onRetry={programs.reload} />}
      {programs.phase === 'ready' && (
        <>
          {needsProgram && programs.data.programs.length > 0 && (
            <Field label={t('admin.program')} className={styles.picker}>
              <Select value={programId ?? ''} onChange={(_e, d) => setProgramId(d.value)}>
                {programs.data.programs.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {section === 'programs' && (
            <ProgramsSection admin={admin} programs={programs.data.programs} onSaved={programs.reload} />
          )}
          {needsProgram && !programId && <EmptyState>{t('admin.noPrograms')}</EmptyState>}
          {section === 'participants' && programId && (
            <ParticipantsSection admin={admin} programId={programId} />
          )}
          {section === 'rounds' && programId && <RoundsSection admin={admin} programId={programId} />}
          {section === 'dashboard' && programId && <DashboardSection admin={admin} programId={programId} />}
          {section === 'audit' && <AuditSection admin={admin} />}
        </>
      )}
    </div>
  );
}
