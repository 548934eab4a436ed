import {
  Button,
  Caption1,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Subtitle1,
  Subtitle2,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { lazy, Suspense, useEffect, useId, useState } from 'react';

import {
  GOAL_CHECK_IN_STATUSES,
  type GoalCheckInStatus,
  MAX_AGENDA_ITEMS,
  MAX_WORKSPACE_GOALS,
  type WorkspaceGoal,
  type WorkspaceView,
} from '../../../functions/src/contracts/workspace';
import { ApiError } from '../api/http';
import { useServices } from '../components/AppProviders';
import { describeError, ErrorState, LoadingState } from '../components/StateViews';
import { useLoad } from '../components/use-load';
import { type I18n, useI18n } from '../i18n/i18n';
import { agendaLines } from './agenda-text';

const FeedbackForm = lazy(() =>
  import('../components/FeedbackForm').then((m) => ({ default: m.FeedbackForm })),
);

const useStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalL,
    // 360 px wide hosts (a phone, Outlook's task pane, a meeting side panel): nothing may force a sideways scroll.
    minWidth: 0,
    maxWidth: '100%',
  },
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS, minWidth: 0 },
  heading: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  plainList: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
  },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  grow: { flexGrow: 1, minWidth: '0', flexBasis: '180px' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  goal: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    // A long goal title wraps instead of widening the panel.
    overflowWrap: 'anywhere',
  },
  radios: { flexWrap: 'wrap' },
});

export interface WorkspacePanelProps {
  pairingId: string;
}

/**
 * The pair workspace of one pairing: the session's agenda, the pair's shared goals with check-ins, the feedback for
 * the pairing and my private notes. Rendered by the tab (from the pairing card and from history), by the Outlook
 * add-in's task pane and by the Teams meeting side panel: it needs only the pairing id and the app's services.
 */
export function WorkspacePanel({ pairingId }: WorkspacePanelProps) {
  const { employee } = useServices();
  const workspace = useLoad(() => employee.workspace(pairingId), [employee, pairingId]);
  if (workspace.phase === 'loading') return <LoadingState />;
  if (workspace.phase === 'error') return <ErrorState error={workspace.error} onRetry={workspace.reload} />;
  return <Workspace view={workspace.data} onView={workspace.set} />;
}

type Notice = { intent: 'success' | 'warning' | 'error'; text: string } | null;

/** Saves through `write`; on 412 (the peer wrote first) shows their version and says so, keeping my draft. */
function useSaver(view: WorkspaceView, onView: (view: WorkspaceView) => void) {
  const i18n = useI18n();
  const { employee } = useServices();
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const peers = i18n.formatList(view.members.slice(1).map((m) => m.displayName));
  const save = async (write: () => Promise<WorkspaceView>, done: string): Promise<boolean> => {
    setSaving(true);
    setNotice(null);
    try {
      onView(await write());
      setNotice({ intent: 'success', text: done });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'conflict') {
        const fresh = await employee.workspace(view.pairingId).catch(() => null);
        if (fresh) onView(fresh);
        setNotice({ intent: 'warning', text: i18n.t('workspace.conflict', { peer: peers }) });
      } else {
        setNotice({ intent: 'error', text: describeError(error, i18n) });
      }
      return false;
    } finally {
      setSaving(false);
    }
  };
  return { saving, notice, save };
}

function Workspace({ view, onView }: { view: WorkspaceView; onView: (view: WorkspaceView) => void }) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { employee } = useServices();
  const titleId = useId();
  const [session, setSession] = useState(view.currentSession);
  const saver = useSaver(view, onView);
  const me = view.members[0]?.userId ?? '';
  const peers = i18n.formatList(view.members.slice(1).map((m) => m.displayName));
  const current = view.sessions.find((s) => s.number === session) ?? view.sessions[0];
  const [feedbackDone, setFeedbackDone] = useState(false);

  return (
    <section className={styles.panel} aria-labelledby={titleId} data-testid="workspace">
      <div className={styles.heading}>
        <Subtitle1 as="h2" id={titleId}>
          {t('workspace.title', { peer: peers })}
        </Subtitle1>
        <Caption1>{t('pairing.program', { program: view.programName })}</Caption1>
        <Caption1 className={styles.muted}>{t('workspace.private', { peer: peers })}</Caption1>
      </div>
      {!view.editable && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{t('workspace.readOnly')}</MessageBarBody>
        </MessageBar>
      )}
      <div role="status" aria-live="polite">
        {saver.notice && (
          <MessageBar intent={saver.notice.intent} layout="multiline">
            <MessageBarBody>{saver.notice.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>

      {view.sessions.length > 1 && (
        <Field label={t('workspace.session.label')}>
          <Select value={String(session)} onChange={(_e, d) => setSession(Number(d.value))}>
            {view.sessions.map((s) => (
              <option key={s.number} value={s.number}>
                {s.start
                  ? t('workspace.session.optionDated', {
                      number: s.number,
                      date: i18n.formatDateTime(s.start),
                    })
                  : t('workspace.session.option', { number: s.number })}
              </option>
            ))}
          </Select>
        </Field>
      )}

      {current && (
        <AgendaSection
          key={`${current.number}`}
          view={view}
          session={current}
          me={me}
          saver={saver}
          onSave={(items) => employee.setAgenda(view.pairingId, current.number, items, view.etag)}
          onReset={() => employee.resetAgenda(view.pairingId, current.number, view.etag)}
        />
      )}

      <GoalsSection view={view} saver={saver} />

      {current && view.goals.length > 0 && (
        <CheckInSection
          key={`check-in-${current.number}`}
          view={view}
          session={current.number}
          saver={saver}
        />
      )}

      <section className={styles.section} aria-labelledby={`${titleId}-feedback`}>
        <Subtitle2 as="h3" id={`${titleId}-feedback`}>
          {t('workspace.feedback.title')}
        </Subtitle2>
        {view.myFeedback ? (
          <Text>{describeMyFeedback(view.myFeedback, i18n)}</Text>
        ) : feedbackDone ? (
          <Text>{t('feedback.thanks')}</Text>
        ) : (
          <Suspense fallback={null}>
            <FeedbackForm
              peerNames={peers}
              onSubmit={async (request) => {
                const answer = await employee.feedback(view.pairingId, request);
                setFeedbackDone(true);
                onView({
                  ...view,
                  myFeedback: { met: answer.met, rating: answer.rating, submittedAt: answer.submittedAt },
                });
              }}
            />
          </Suspense>
        )}
      </section>

      <NotesSection view={view} saver={saver} peers={peers} />
    </section>
  );
}

function describeMyFeedback(feedback: NonNullable<WorkspaceView['myFeedback']>, i18n: I18n): string {
  if (!feedback.met) return i18n.t('feedback.given.notMet');
  return feedback.rating
    ? i18n.t('feedback.given.metRated', { rating: feedback.rating })
    : i18n.t('feedback.given.met');
}

type Saver = ReturnType<typeof useSaver>;

function AgendaSection({
  view,
  session,
  me,
  saver,
  onSave,
  onReset,
}: {
  view: WorkspaceView;
  session: WorkspaceView['sessions'][number];
  me: string;
  saver: Saver;
  onSave: (items: string[]) => Promise<WorkspaceView>;
  onReset: () => Promise<WorkspaceView>;
}) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const lines = agendaLines(session.agenda, me, view.members, i18n);
  const [draft, setDraft] = useState<string[] | null>(null);
  const nameOf = (id: string) =>
    id === me
      ? t('workspace.you')
      : (view.members.find((m) => m.userId === id)?.displayName ?? t('app.name'));

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle2 as="h3" id={headingId}>
        {t('workspace.agenda.title')}
      </Subtitle2>
      <Caption1 className={styles.muted}>
        {session.agenda.source === 'edited'
          ? t('workspace.agenda.edited', {
              name: nameOf(session.agenda.editedBy),
              date: i18n.formatDateTime(session.agenda.editedAt),
            })
          : t('workspace.agenda.suggested')}
      </Caption1>
      {draft === null ? (
        <>
          <ol className={styles.list} data-testid="agenda">
            {lines.map((line, i) => (
              <li key={i}>
                <Text>{line}</Text>
              </li>
            ))}
          </ol>
          {view.editable && (
            <div className={styles.actions}>
              <Button
                onClick={() => {
                  const shared = agendaLines(session.agenda, me, view.members, i18n, 'shared');
                  setDraft(shared.length > 0 ? shared : ['']);
                }}
              >
                {t('workspace.agenda.edit')}
              </Button>
              {session.agenda.source === 'edited' && (
                <Button
                  disabled={saver.saving}
                  onClick={() => void saver.save(onReset, t('workspace.agenda.saved'))}
                >
                  {t('workspace.agenda.reset')}
                </Button>
              )}
            </div>
          )}
        </>
      ) : (
        <form
          className={styles.section}
          aria-labelledby={headingId}
          onSubmit={(e) => {
            e.preventDefault();
            const items = draft.map((d) => d.trim()).filter((d) => d.length > 0);
            void saver
              .save(() => onSave(items), t('workspace.agenda.saved'))
              .then((ok) => ok && setDraft(null));
          }}
        >
          <ol className={styles.plainList}>
            {draft.map((item, i) => (
              <li key={i} className={styles.row}>
                <Field className={styles.grow} label={t('workspace.agenda.item', { number: i + 1 })}>
                  <Input
                    value={item}
                    maxLength={200}
                    onChange={(_e, d) => setDraft(draft.map((x, j) => (j === i ? d.value : x)))}
                  />
                </Field>
                <Button
                  aria-label={t('workspace.agenda.removeItem', { number: i + 1 })}
                  disabled={draft.length <= 1}
                  onClick={() => setDraft(draft.filter((_x, j) => j !== i))}
                >
                  {t('workspace.remove')}
                </Button>
              </li>
            ))}
          </ol>
          <div className={styles.actions}>
            <Button disabled={draft.length >= MAX_AGENDA_ITEMS} onClick={() => setDraft([...draft, ''])}>
              {t('workspace.agenda.addItem')}
            </Button>
            <Button
              appearance="primary"
              type="submit"
              disabled={saver.saving || draft.every((d) => d.trim() === '')}
            >
              {saver.saving ? t('workspace.saving') : t('workspace.agenda.save')}
            </Button>
            <Button onClick={() => setDraft(null)}>{t('app.cancel')}</Button>
          </div>
        </form>
      )}
    </section>
  );
}

function GoalsSection({ view, saver }: { view: WorkspaceView; saver: Saver }) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { employee } = useServices();
  const headingId = useId();
  const [title, setTitle] = useState('');
  const full = view.goals.length >= MAX_WORKSPACE_GOALS;
  const me = view.members[0]?.userId ?? '';
  const nameOf = (id: string) =>
    id === me
      ? t('workspace.you')
      : (view.members.find((m) => m.userId === id)?.displayName ?? t('app.name'));

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle2 as="h3" id={headingId}>
        {t('workspace.goals.title')}
      </Subtitle2>
      {view.goals.length === 0 ? (
        <Text className={styles.muted}>{t('workspace.goals.empty')}</Text>
      ) : (
        <ul className={styles.plainList} data-testid="goals">
          {view.goals.map((goal) => (
            <li key={goal.id} className={styles.goal}>
              <Text weight="semibold">{goal.title}</Text>
              <Caption1 className={styles.muted}>
                {t('workspace.goals.by', { name: nameOf(goal.createdBy) })}
              </Caption1>
              {view.editable && (
                <div>
                  <Button
                    size="small"
                    disabled={saver.saving}
                    aria-label={t('workspace.goals.remove', { title: goal.title })}
                    onClick={() =>
                      void saver.save(
                        () => employee.removeGoal(view.pairingId, goal.id, view.etag),
                        t('workspace.goals.removed'),
                      )
                    }
                  >
                    {t('workspace.remove')}
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {view.editable &&
        (full ? (
          <Caption1 className={styles.muted}>
            {t('workspace.goals.full', { max: MAX_WORKSPACE_GOALS })}
          </Caption1>
        ) : (
          <form
            className={styles.row}
            onSubmit={(e) => {
              e.preventDefault();
              const text = title.trim();
              if (!text) return;
              void saver
                .save(() => employee.addGoal(view.pairingId, text, view.etag), t('workspace.goals.added'))
                .then((ok) => ok && setTitle(''));
            }}
          >
            <Field
              className={styles.grow}
              label={t('workspace.goals.new')}
              hint={t('workspace.goals.new.hint', { max: MAX_WORKSPACE_GOALS })}
            >
              <Input value={title} maxLength={120} onChange={(_e, d) => setTitle(d.value)} />
            </Field>
            <Button type="submit" disabled={saver.saving || title.trim() === ''}>
              {t('workspace.goals.add')}
            </Button>
          </form>
        ))}
    </section>
  );
}

type Draft = Record<string, { status: GoalCheckInStatus | ''; note: string }>;

function draftFrom(goals: readonly WorkspaceGoal[], session: number, me: string): Draft {
  return Object.fromEntries(
    goals.map((goal) => {
      const mine = goal.checkIns.find((c) => c.session === session && c.userId === me);
      return [goal.id, { status: mine?.status ?? '', note: mine?.note ?? '' }];
    }),
  );
}

function CheckInSection({ view, session, saver }: { view: WorkspaceView; session: number; saver: Saver }) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { employee } = useServices();
  const headingId = useId();
  const me = view.members[0]?.userId ?? '';
  const [draft, setDraft] = useState<Draft>(() => draftFrom(view.goals, session, me));
  const [problem, setProblem] = useState<string | null>(null);
  // A goal added or removed meanwhile (by either member) joins or leaves the form; what I typed stays.
  useEffect(() => {
    setDraft((current) => {
      const fresh = draftFrom(view.goals, session, me);
      for (const id of Object.keys(fresh)) if (current[id]?.status) fresh[id] = current[id];
      return fresh;
    });
  }, [view.goals, session, me]);
  const nameOf = (id: string) =>
    id === me
      ? t('workspace.you')
      : (view.members.find((m) => m.userId === id)?.displayName ?? t('app.name'));

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle2 as="h3" id={headingId}>
        {t('workspace.checkIn.title', { number: session })}
      </Subtitle2>
      <ul className={styles.plainList} data-testid="check-ins">
        {view.goals.map((goal) => {
          const entries = goal.checkIns.filter((c) => c.session === session);
          const mine = draft[goal.id] ?? { status: '', note: '' };
          return (
            <li key={goal.id} className={styles.goal}>
              <Text weight="semibold">{goal.title}</Text>
              {entries.length === 0 ? (
                <Caption1 className={styles.muted}>{t('workspace.checkIn.none')}</Caption1>
              ) : (
                <ul className={styles.list}>
                  {entries.map((c) => (
                    <li key={c.userId}>
                      <Caption1>
                        {c.note
                          ? t('workspace.checkIn.entryNoted', {
                              name: nameOf(c.userId),
                              status: t(`workspace.checkIn.status.${c.status}`),
                              note: c.note,
                            })
                          : t('workspace.checkIn.entry', {
                              name: nameOf(c.userId),
                              status: t(`workspace.checkIn.status.${c.status}`),
                            })}
                      </Caption1>
                    </li>
                  ))}
                </ul>
              )}
              {view.editable && (
                <>
                  <Field label={t('workspace.checkIn.mine', { goal: goal.title })}>
                    <RadioGroup
                      className={styles.radios}
                      layout="horizontal"
                      value={mine.status}
                      onChange={(_e, d) =>
                        setDraft({ ...draft, [goal.id]: { ...mine, status: d.value as GoalCheckInStatus } })
                      }
                    >
                      {GOAL_CHECK_IN_STATUSES.map((status) => (
                        <Radio key={status} value={status} label={t(`workspace.checkIn.status.${status}`)} />
                      ))}
                    </RadioGroup>
                  </Field>
                  <Field label={t('workspace.checkIn.note', { goal: goal.title })}>
                    <Input
                      value={mine.note}
                      maxLength={200}
                      onChange={(_e, d) => setDraft({ ...draft, [goal.id]: { ...mine, note: d.value } })}
                    />
                  </Field>
                </>
              )}
            </li>
          );
        })}
      </ul>
      {view.editable && (
        <div className={styles.actions}>
          <Button
            appearance="primary"
            disabled={saver.saving}
            onClick={() => {
              const checkIns = Object.entries(draft)
                .filter(([, d]) => d.status !== '')
                .map(([goalId, d]) => ({
                  goalId,
                  status: d.status as GoalCheckInStatus,
                  note: d.note.trim(),
                }));
              if (checkIns.length === 0) {
                setProblem(t('workspace.checkIn.pick'));
                return;
              }
              setProblem(null);
              void saver.save(
                () => employee.checkIn(view.pairingId, session, { checkIns }),
                t('workspace.checkIn.saved'),
              );
            }}
          >
            {t('workspace.checkIn.save')}
          </Button>
          {problem && (
            <Text role="alert" className={styles.muted}>
              {problem}
            </Text>
          )}
        </div>
      )}
    </section>
  );
}

function NotesSection({ view, saver, peers }: { view: WorkspaceView; saver: Saver; peers: string }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { employee } = useServices();
  const headingId = useId();
  const [text, setText] = useState(view.myNotes?.text ?? '');
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle2 as="h3" id={headingId}>
        {t('workspace.notes.title')}
      </Subtitle2>
      <form
        className={styles.section}
        onSubmit={(e) => {
          e.preventDefault();
          void saver.save(() => employee.saveNotes(view.pairingId, text), t('workspace.notes.saved'));
        }}
      >
        <Field label={t('workspace.notes.label')} hint={t('workspace.notes.hint', { peer: peers })}>
          <Textarea value={text} maxLength={4000} resize="vertical" onChange={(_e, d) => setText(d.value)} />
        </Field>
        <div>
          <Button type="submit" disabled={saver.saving}>
            {t('workspace.notes.save')}
          </Button>
        </div>
      </form>
    </section>
  );
}
