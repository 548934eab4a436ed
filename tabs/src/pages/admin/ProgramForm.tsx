import {
  Button,
  Caption1,
  Card,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Slider,
  SpinButton,
  Subtitle1,
  Subtitle2,
  Switch,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useId, useMemo, useState } from 'react';

import {
  CROSS_DEPARTMENT_RULES,
  ODD_POLICIES,
  ORGANIZER_POLICIES,
  type Program,
  PROGRAM_STATUSES,
  type ProgramInputBody,
  ProgramInputSchema,
} from '../../../../functions/src/contracts/admin';
import { CADENCES, CIRCLE_SIZES, GOALS, PAIRS } from '../../../../functions/src/contracts/common';
import { ErrorState } from '../../components/StateViews';
import { describeIssue } from '../../format/form-issue';
import {
  cleanLevelMapping,
  eligibilityErrors,
  levelMappingErrors,
  levelsOutsideMapping,
} from '../../format/program-eligibility';
import { choiceOf, type ScheduleChoice, scheduleErrors } from '../../format/schedule-picker';
import { currentTimeZoneName } from '../../format/time-zone-options';
import { useI18n } from '../../i18n/i18n';
import { EligibilityFields } from './EligibilityFields';
import { LevelMappingFields } from './LevelMappingFields';
import { ScheduleFields } from './ScheduleFields';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

const WEIGHTS = [
  'sharedGoal',
  'complementaryTopics',
  'differentDepartment',
  'sharedLanguage',
  'newJoinerTenured',
  'fairness',
  'timeZoneOverlap',
] as const;

type Form = ReturnType<typeof ProgramInputSchema.parse>;

function initialForm(program: Program | null, subjectTemplate: string): Form {
  if (program) {
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      etag: _e,
      nextRoundAt: _n,
      currentRoundEndsOn: _r,
      ...input
    } = program;
    return input;
  }
  // The schema's defaults fill rules, weights and booking policy; the name starts empty (the admin must type it).
  const defaults = ProgramInputSchema.parse({
    name: 'new',
    kind: 'collaborative-learning',
    roundLengthWeeks: 12,
    defaultCadence: 'biweekly',
    sessionMinutes: 30,
    schedule: {
      cron: '0 9 * * 1',
      timeZone: currentTimeZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
    },
  });
  return { ...defaults, name: '', bookingPolicy: { ...defaults.bookingPolicy, subjectTemplate } };
}

/** Departments and level labels known to the tenant, offered as suggestions (free entry stays possible). */
export interface ProgramSuggestions {
  departments: readonly string[];
  levels: readonly string[];
}

const NO_SUGGESTIONS: ProgramSuggestions = { departments: [], levels: [] };

export interface ProgramFormProps {
  program: Program | null;
  suggestions?: ProgramSuggestions;
  onSubmit: (body: ProgramInputBody) => Promise<void>;
  onCancel: () => void;
}

/** Create or edit a program; every rule and weight says in plain words what it does. */
export function ProgramForm({ program, suggestions = NO_SUGGESTIONS, onSubmit, onCancel }: ProgramFormProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const fixId = useId();
  // A new program's meeting subject starts in the admin's language; `{programName}` stays for the server to fill.
  const [form, setForm] = useState<Form>(() =>
    initialForm(program, t('admin.form.subject.default', { programName: '{programName}' })),
  );
  // The schedule picker's fields; null for a stored CRON the picker cannot show (kept as it is).
  const [scheduleChoice, setScheduleChoice] = useState<ScheduleChoice | null>(() =>
    choiceOf(form.schedule.cron),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);

  // Who can join and how levels are read are checked as they are edited; Save waits until they are valid.
  const eligibilityIssues = eligibilityErrors(form.eligibility, i18n);
  const levelMappingIssues = levelMappingErrors(form.levelMapping, i18n);
  // The schedule's own check parses the CRON: only when the schedule changes, not on every keystroke.
  const scheduleIssues = useMemo(
    () => scheduleErrors(form.schedule, scheduleChoice, i18n),
    [form.schedule, scheduleChoice, i18n],
  );
  const invalid =
    Object.keys(eligibilityIssues).length > 0 ||
    Object.keys(levelMappingIssues).length > 0 ||
    Object.keys(scheduleIssues).length > 0;
  const levelSuggestions = [
    ...new Set([...(form.levelMapping?.levels.map((l) => l.label.trim()) ?? []), ...suggestions.levels]),
  ].filter((l) => l.length > 0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (invalid || saving) return;
    const parsed = ProgramInputSchema.safeParse({
      ...form,
      levelMapping: cleanLevelMapping(form.levelMapping),
    });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[issue.path.join('.')] ??= describeIssue(issue, i18n);
      setErrors(next);
      return;
    }
    setErrors({});
    setSaving(true);
    setSubmitError(null);
    try {
      await onSubmit(parsed.data);
    } catch (err) {
      setSubmitError(err);
    } finally {
      setSaving(false);
    }
  };
  const err = (path: string): string | undefined => errors[path];
  const onboarding = form.kind === 'onboarding-buddy';

  return (
    <Card>
      <form
        className={styles.form}
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-label={program ? program.name : t('admin.programs.new')}
      >
        <Subtitle1 as="h2">{program ? program.name : t('admin.programs.new')}</Subtitle1>
        <div className={styles.grid}>
          <Field label={t('admin.form.name')} required validationMessage={err('name')}>
            <Input value={form.name} onChange={(_e, d) => setForm((f) => ({ ...f, name: d.value }))} />
          </Field>
          <Field label={t('admin.form.kind')}>
            <Select
              value={form.kind}
              onChange={(_e, d) =>
                setForm((f) => {
                  const kind = d.value as Form['kind'];
                  // An onboarding program pairs a new joiner with one buddy: no circles (the API refuses them).
                  return {
                    ...f,
                    kind,
                    rules: kind === 'onboarding-buddy' ? { ...f.rules, groupSize: PAIRS } : f.rules,
                  };
                })
              }
            >
              {GOALS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('admin.form.status')}>
            <Select
              value={form.status}
              onChange={(_e, d) => setForm((f) => ({ ...f, status: d.value as Form['status'] }))}
            >
              {PROGRAM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`admin.programs.status.${s}`)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label={t('admin.form.description')}>
          <Textarea
            value={form.description}
            maxLength={2000}
            onChange={(_e, d) => setForm((f) => ({ ...f, description: d.value }))}
          />
        </Field>
        <div className={styles.grid}>
          <Field
            label={t('admin.form.roundLength')}
            validationMessage={err('roundLengthWeeks')}
            hint={t('admin.form.error.range', { min: 1, max: 26 })}
          >
            <SpinButton
              min={1}
              max={26}
              value={form.roundLengthWeeks}
              onChange={(_e, d) =>
                setForm((f) => ({
                  ...f,
                  roundLengthWeeks: Number(d.value ?? d.displayValue ?? f.roundLengthWeeks),
                }))
              }
            />
          </Field>
          <Field
            label={t('admin.form.sessionMinutes')}
            validationMessage={err('sessionMinutes')}
            hint={t('admin.form.error.range', { min: 15, max: 120 })}
          >
            <SpinButton
              min={15}
              max={120}
              step={15}
              value={form.sessionMinutes}
              onChange={(_e, d) =>
                setForm((f) => ({
                  ...f,
                  sessionMinutes: Number(d.value ?? d.displayValue ?? f.sessionMinutes),
                }))
              }
            />
          </Field>
          <Field label={t('admin.form.cadence')}>
            <Select
              value={form.defaultCadence}
              onChange={(_e, d) =>
                setForm((f) => ({ ...f, defaultCadence: d.value as Form['defaultCadence'] }))
              }
            >
              {CADENCES.map((c) => (
                <option key={c} value={c}>
                  {t(`cadence.${c}`)}
                </option>
              ))}
            </Select>
          </Field>
        </div>

        <ScheduleFields
          schedule={form.schedule}
          choice={scheduleChoice}
          roundLengthWeeks={form.roundLengthWeeks}
          runningUntil={program?.currentRoundEndsOn ?? null}
          errors={{
            ...scheduleIssues,
            ...(err('schedule.cron') && !scheduleIssues.custom
              ? { custom: t('admin.form.schedule.error.custom') }
              : {}),
            ...(err('schedule.timeZone') && !scheduleIssues.timeZone
              ? { timeZone: t('issue.time-zone-unknown') }
              : {}),
          }}
          onChange={({ schedule, choice }) => {
            setForm((f) => ({ ...f, schedule }));
            setScheduleChoice(choice);
          }}
        />

        <EligibilityFields
          value={form.eligibility}
          onChange={(eligibility) => setForm((f) => ({ ...f, eligibility }))}
          errors={eligibilityIssues}
          suggestions={{ departments: suggestions.departments, levels: levelSuggestions }}
          unknownLevels={levelsOutsideMapping(form.eligibility.levels, form.levelMapping)}
        />

        <Subtitle2 as="h3">{t('admin.form.rules')}</Subtitle2>
        <div className={styles.grid}>
          <Field label={t('admin.form.levelBand')} hint={t('admin.form.levelBand.help')}>
            <SpinButton
              min={0}
              max={10}
              value={form.rules.levelBand}
              onChange={(_e, d) =>
                setForm((f) => ({
                  ...f,
                  rules: { ...f.rules, levelBand: Number(d.value ?? d.displayValue ?? f.rules.levelBand) },
                }))
              }
            />
          </Field>
          <Field label={t('admin.form.cooldown')} hint={t('admin.form.cooldown.help')}>
            <SpinButton
              min={0}
              max={52}
              value={form.rules.cooldownRounds}
              onChange={(_e, d) =>
                setForm((f) => ({
                  ...f,
                  rules: {
                    ...f.rules,
                    cooldownRounds: Number(d.value ?? d.displayValue ?? f.rules.cooldownRounds),
                  },
                }))
              }
            />
          </Field>
          <Field label={t('admin.form.minOverlap')} hint={t('admin.form.minOverlap.help')}>
            <SpinButton
              min={0}
              max={12}
              value={form.rules.minOverlapHours}
              onChange={(_e, d) =>
                setForm((f) => ({
                  ...f,
                  rules: {
                    ...f.rules,
                    minOverlapHours: Number(d.value ?? d.displayValue ?? f.rules.minOverlapHours),
                  },
                }))
              }
            />
          </Field>
          <Field
            label={t('admin.form.groupSize')}
            hint={t(onboarding ? 'admin.form.groupSize.onboarding' : 'admin.form.groupSize.help')}
            validationMessage={err('rules.groupSize')}
          >
            <Select
              value={String(onboarding ? PAIRS : form.rules.groupSize)}
              disabled={onboarding}
              onChange={(_e, d) =>
                setForm((f) => ({ ...f, rules: { ...f.rules, groupSize: Number(d.value) } }))
              }
            >
              <option value={String(PAIRS)}>{t('admin.form.groupSize.pairs')}</option>
              {CIRCLE_SIZES.map((size) => (
                <option key={size} value={String(size)}>
                  {t('admin.form.groupSize.circle', { size })}
                </option>
              ))}
            </Select>
          </Field>
          {/* Circles take an uneven count in their sizes: the odd-count choice is the pairs' alone. */}
          {(onboarding || form.rules.groupSize === PAIRS) && (
            <Field label={t('admin.form.oddPolicy')}>
              <Select
                value={form.rules.oddPolicy}
                onChange={(_e, d) =>
                  setForm((f) => ({
                    ...f,
                    rules: { ...f.rules, oddPolicy: d.value as Form['rules']['oddPolicy'] },
                  }))
                }
              >
                {ODD_POLICIES.map((o) => (
                  <option key={o} value={o}>
                    {t(`admin.form.oddPolicy.${o}`)}
                  </option>
                ))}
              </Select>
            </Field>
          )}
        </div>
        <Field
          label={t('admin.form.crossDepartment')}
          // The help follows the choice, so it says what the chosen rule does in plain words.
          hint={t(`admin.form.crossDepartment.${form.rules.crossDepartment}.help`)}
        >
          <RadioGroup
            value={form.rules.crossDepartment}
            onChange={(_e, d) =>
              setForm((f) => ({
                ...f,
                rules: { ...f.rules, crossDepartment: d.value as Form['rules']['crossDepartment'] },
              }))
            }
          >
            {CROSS_DEPARTMENT_RULES.map((c) => (
              <Radio key={c} value={c} label={t(`admin.form.crossDepartment.${c}`)} />
            ))}
          </RadioGroup>
        </Field>

        <LevelMappingFields
          value={form.levelMapping}
          onChange={(levelMapping) => setForm((f) => ({ ...f, levelMapping }))}
          errors={levelMappingIssues}
        />

        <Subtitle2 as="h3">{t('admin.form.weights')}</Subtitle2>
        <div className={styles.grid}>
          {/* Departments weigh in only when preferred: a rule or "does not matter" leaves no points to set. */}
          {WEIGHTS.filter((w) => w !== 'differentDepartment' || form.rules.crossDepartment === 'prefer').map(
            (w) => (
              <Field
                key={w}
                label={t('admin.form.weight.value', {
                  weight: t(`admin.form.weight.${w}`),
                  value: form.weights[w],
                })}
                hint={t(`admin.form.weight.${w}.help`)}
              >
                <Slider
                  min={0}
                  max={100}
                  step={5}
                  value={form.weights[w]}
                  onChange={(_e, d) => setForm((f) => ({ ...f, weights: { ...f.weights, [w]: d.value } }))}
                />
              </Field>
            ),
          )}
        </div>

        <Subtitle2 as="h3">{t('admin.form.booking')}</Subtitle2>
        <div className={styles.grid}>
          <Field label={t('admin.form.organizer')}>
            <Select
              value={form.bookingPolicy.organizer}
              onChange={(_e, d) =>
                setForm((f) => ({
                  ...f,
                  bookingPolicy: {
                    ...f.bookingPolicy,
                    organizer: d.value as Form['bookingPolicy']['organizer'],
                  },
                }))
              }
            >
              {ORGANIZER_POLICIES.map((o) => (
                <option key={o} value={o}>
                  {t(`admin.form.organizer.${o}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('admin.form.subject')} validationMessage={err('bookingPolicy.subjectTemplate')}>
            <Input
              value={form.bookingPolicy.subjectTemplate}
              onChange={(_e, d) =>
                setForm((f) => ({ ...f, bookingPolicy: { ...f.bookingPolicy, subjectTemplate: d.value } }))
              }
            />
          </Field>
          <Switch
            label={t('admin.form.allowNewTimes')}
            checked={form.bookingPolicy.allowNewTimeProposals}
            onChange={(_e, d) =>
              setForm((f) => ({
                ...f,
                bookingPolicy: { ...f.bookingPolicy, allowNewTimeProposals: d.checked },
              }))
            }
          />
        </div>
        {submitError !== null && <ErrorState error={submitError} />}
        <div className={styles.actions}>
          <Button
            appearance="primary"
            type="submit"
            disabled={saving}
            // Still reachable by keyboard while invalid, and says why through the note it points to.
            disabledFocusable={!saving && invalid}
            aria-describedby={invalid ? fixId : undefined}
          >
            {program ? t('admin.form.save') : t('admin.form.create')}
          </Button>
          <Button onClick={onCancel} disabled={saving}>
            {t('app.cancel')}
          </Button>
          {invalid && <Caption1 id={fixId}>{t('admin.form.fixErrors')}</Caption1>}
        </div>
      </form>
    </Card>
  );
}
