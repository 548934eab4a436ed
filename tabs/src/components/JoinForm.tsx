import {
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Tag,
  TagGroup,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useState } from 'react';

import {
  CADENCES,
  type Goal,
  GOALS,
  PAIRS,
  TIMES_OF_DAY,
  WEEKDAYS,
} from '../../../functions/src/contracts/common';
import {
  type EnrollmentRequest,
  type PersonSummary,
  type ProgramSummary,
} from '../../../functions/src/contracts/employee';
import { checkTopic, type JoinFormErrors, type JoinFormValues, validateJoinForm } from '../format/join-form';
import { type MessageKey, useI18n } from '../i18n/i18n';
import { ChoiceGroup } from './ChoiceGroup';
import { LanguagePicker } from './LanguagePicker';
import { PeoplePicker } from './PeoplePicker';
import { ErrorState } from './StateViews';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  topicRow: { display: 'flex', columnGap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  grow: { flexGrow: 1, minWidth: 0 },
  suggestions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
    marginTop: tokens.spacingVerticalXS,
  },
  actions: { display: 'flex', columnGap: tokens.spacingHorizontalS },
});

// Offered in the person's language: topics are free text, and a suggestion is only a starting point.
const SUGGESTED_TOPICS = [
  'join.topics.suggested.publicSpeaking',
  'join.topics.suggested.careerGrowth',
  'join.topics.suggested.typescript',
  'join.topics.suggested.dataAnalysis',
  'join.topics.suggested.leadingMeetings',
  'join.topics.suggested.customerEmpathy',
] as const satisfies readonly MessageKey[];

export interface JoinFormProps {
  program: ProgramSummary;
  initial: EnrollmentRequest | null;
  /** The people of my own "not with" lists, by name (from `GET /api/me`). */
  knownPeople?: readonly PersonSummary[];
  onSubmit: (request: EnrollmentRequest) => Promise<void>;
  onCancel: () => void;
}

/** The contract's limits on a "not with" list and on languages. */
const MAX_NOT_WITH = 50;
const MAX_LANGUAGES = 10;

export function JoinForm({ program, initial, knownPeople = [], onSubmit, onCancel }: JoinFormProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [values, setValues] = useState<JoinFormValues>(() => ({
    goals: initial?.goals ?? [program.kind],
    topicsToLearn: initial?.topicsToLearn ?? [],
    topicsToShare: initial?.topicsToShare ?? [],
    cadence: initial?.cadence ?? program.defaultCadence,
    preferredDays: initial?.preferredDays ?? [],
    preferredTimesOfDay: initial?.preferredTimesOfDay ?? [],
    languages: initial?.languages ?? [i18n.locale.split('-')[0] ?? 'en'],
    notWith: initial?.notWith ?? [],
  }));
  // Names for the chosen ids: the ones `me` resolved, plus everyone picked since.
  const [people, setPeople] = useState<ReadonlyMap<string, PersonSummary>>(
    () => new Map(knownPeople.map((p) => [p.userId, p])),
  );
  const [errors, setErrors] = useState<JoinFormErrors>({});
  const [saving, setSaving] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);

  // A circle program says so before anything is asked: the people who join meet as a group (decision 0019).
  const circle = program.groupSize > PAIRS;

  const toggle = <T,>(list: T[], item: T, on: boolean): T[] =>
    on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = validateJoinForm(values, i18n);
    setErrors(result.errors);
    if (!result.request) return;
    setSaving(true);
    setSubmitError(null);
    try {
      await onSubmit(result.request);
    } catch (err) {
      setSubmitError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className={styles.form}
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={t(initial ? 'join.editTitle' : 'join.title', { name: program.name })}
    >
      {circle && (
        <MessageBar intent="info" layout="multiline" data-testid="join-circle">
          <MessageBarBody>
            <MessageBarTitle>{t('join.circle.title')}</MessageBarTitle>{' '}
            {t('join.circle', {
              name: program.name,
              size: program.groupSize,
              others: program.groupSize - 1,
            })}
          </MessageBarBody>
        </MessageBar>
      )}
      <ChoiceGroup label={t('join.goals')} hint={t('join.goals.hint')} error={errors.goals} required>
        {GOALS.map((goal: Goal) => (
          <Checkbox
            key={goal}
            label={t(`kind.${goal}`)}
            checked={values.goals.includes(goal)}
            onChange={(_e, d) =>
              setValues((v) => ({ ...v, goals: toggle(v.goals, goal, d.checked === true) }))
            }
          />
        ))}
      </ChoiceGroup>
      <TopicList
        label={t('join.topicsToLearn')}
        topics={values.topicsToLearn}
        onChange={(topicsToLearn) => setValues((v) => ({ ...v, topicsToLearn }))}
      />
      <TopicList
        label={t('join.topicsToShare')}
        topics={values.topicsToShare}
        onChange={(topicsToShare) => setValues((v) => ({ ...v, topicsToShare }))}
      />
      <Field label={t('join.cadence')}>
        <RadioGroup
          layout="horizontal"
          value={values.cadence}
          onChange={(_e, d) => setValues((v) => ({ ...v, cadence: d.value as JoinFormValues['cadence'] }))}
        >
          {CADENCES.map((c) => (
            <Radio key={c} value={c} label={t(`cadence.${c}`)} />
          ))}
        </RadioGroup>
      </Field>
      <ChoiceGroup label={t('join.days')}>
        {WEEKDAYS.map((day) => (
          <Checkbox
            key={day}
            label={t(`weekday.${day}`)}
            checked={values.preferredDays.includes(day)}
            onChange={(_e, d) =>
              setValues((v) => ({ ...v, preferredDays: toggle(v.preferredDays, day, d.checked === true) }))
            }
          />
        ))}
      </ChoiceGroup>
      <ChoiceGroup label={t('join.times')} hint={t('join.times.hint', { timeZone: i18n.timeZone })}>
        {TIMES_OF_DAY.map((time) => (
          <Checkbox
            key={time}
            label={t(`timeOfDay.${time}`)}
            checked={values.preferredTimesOfDay.includes(time)}
            onChange={(_e, d) =>
              setValues((v) => ({
                ...v,
                preferredTimesOfDay: toggle(v.preferredTimesOfDay, time, d.checked === true),
              }))
            }
          />
        ))}
      </ChoiceGroup>
      <LanguagePicker
        label={t('join.languages')}
        hint={t('join.languages.hint')}
        value={values.languages}
        max={MAX_LANGUAGES}
        validationMessage={errors.languages}
        onChange={(languages) => setValues((v) => ({ ...v, languages }))}
      />
      <PeoplePicker
        label={t(circle ? 'join.notWith.circle' : 'join.notWith')}
        hint={t('join.notWith.hint')}
        value={values.notWith}
        known={people}
        max={MAX_NOT_WITH}
        validationMessage={errors.notWith}
        onChange={(notWith, added) => {
          if (added) setPeople((known) => new Map(known).set(added.userId, added));
          setValues((v) => ({ ...v, notWith }));
        }}
      />
      {submitError !== null && <ErrorState error={submitError} />}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={saving}>
          {saving ? t('join.saving') : t(initial ? 'join.update' : 'join.submit')}
        </Button>
        <Button onClick={onCancel} disabled={saving}>
          {t('app.cancel')}
        </Button>
      </div>
    </form>
  );
}

function TopicList({
  label,
  topics,
  onChange,
}: {
  label: string;
  topics: string[];
  onChange: (topics: string[]) => void;
}) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = (topic: string) => {
    const problem = checkTopic(topic, topics, i18n);
    setError(problem);
    if (problem) return;
    onChange([...topics, topic.trim()]);
    setDraft('');
  };
  const suggestions = SUGGESTED_TOPICS.map((key) => t(key))
    .filter((s) => !topics.some((x) => x.toLowerCase() === s.toLowerCase()))
    .slice(0, 4);
  return (
    <Field label={label} hint={t('join.topics.hint')} validationMessage={error ?? undefined}>
      <div className={styles.topicRow}>
        <Input
          className={styles.grow}
          value={draft}
          onChange={(_e, d) => setDraft(d.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add(draft);
            }
          }}
        />
        <Button onClick={() => add(draft)}>{t('join.topics.add')}</Button>
      </div>
      {topics.length > 0 && (
        <TagGroup
          aria-label={label}
          onDismiss={(_e, d) => onChange(topics.filter((x) => x !== d.value))}
          className={styles.suggestions}
        >
          {topics.map((topic) => (
            <Tag
              key={topic}
              value={topic}
              dismissible
              dismissIcon={{ 'aria-label': t('join.topics.remove', { topic }) }}
            >
              {topic}
            </Tag>
          ))}
        </TagGroup>
      )}
      {suggestions.length > 0 && (
        <div
          className={styles.suggestions}
          role="group"
          aria-label={t('join.topics.suggestionsFor', { field: label })}
        >
          {suggestions.map((s) => (
            <Button key={s} size="small" appearance="subtle" onClick={() => add(s)}>
              + {s}
            </Button>
          ))}
        </div>
      )}
    </Field>
  );
}
