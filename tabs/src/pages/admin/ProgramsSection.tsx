import {
  Badge,
  Button,
  Caption1,
  Card,
  CardFooter,
  CardHeader,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';

import { type Program, type ProgramInputBody } from '../../../../functions/src/contracts/admin';
import { type AdminApi } from '../../api/admin-api';
import { EmptyState } from '../../components/StateViews';
import { eligibilitySummary } from '../../format/program-eligibility';
import { useI18n } from '../../i18n/i18n';
import { ProgramForm } from './ProgramForm';
import { useProgramSuggestions } from './use-program-suggestions';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalM,
  },
});

export function ProgramsSection({
  admin,
  programs,
  onSaved,
}: {
  admin: AdminApi;
  programs: Program[];
  onSaved: () => void;
}) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [editing, setEditing] = useState<Program | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const suggestions = useProgramSuggestions(admin, programs, editing);

  if (editing) {
    return (
      <ProgramForm
        program={editing === 'new' ? null : editing}
        suggestions={suggestions}
        onCancel={() => setEditing(null)}
        onSubmit={async (body: ProgramInputBody) => {
          if (editing === 'new') await admin.createProgram(body);
          else await admin.updateProgram(editing.id, body, editing.etag);
          setEditing(null);
          setNotice(t('admin.programs.saved'));
          onSaved();
        }}
      />
    );
  }
  return (
    <div className={styles.column}>
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Button appearance="primary" onClick={() => setEditing('new')}>
          {t('admin.programs.new')}
        </Button>
      </div>
      {programs.length === 0 ? (
        <EmptyState>{t('admin.noPrograms')}</EmptyState>
      ) : (
        <div className={styles.grid}>
          {programs.map((p) => (
            <Card key={p.id}>
              <CardHeader
                header={<Subtitle2 as="h2">{p.name}</Subtitle2>}
                description={<Caption1>{t(`kind.${p.kind}`)}</Caption1>}
                action={<Badge appearance="tint">{t(`admin.programs.status.${p.status}`)}</Badge>}
              />
              <Caption1>
                {t('programs.details', {
                  cadence: t(`cadence.${p.defaultCadence}`),
                  minutes: p.sessionMinutes,
                  weeks: p.roundLengthWeeks,
                })}
              </Caption1>
              <Caption1>{eligibilitySummary(p.eligibility, i18n)}</Caption1>
              {p.currentRoundEndsOn && (
                <Caption1>
                  {t('admin.programs.roundRunsUntil', { date: i18n.formatDay(p.currentRoundEndsOn) })}
                </Caption1>
              )}
              {p.nextRoundAt && (
                <Caption1>{t('programs.nextRound', { date: i18n.formatDateTime(p.nextRoundAt) })}</Caption1>
              )}
              <CardFooter>
                <Button onClick={() => setEditing(p)}>{t('admin.programs.edit')}</Button>
              </CardFooter>
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
