import {
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useId, useMemo, useState } from 'react';

import { WEEKDAYS } from '../../../../functions/src/contracts/common';
import { nextRoundStarts, type ProgramSchedule } from '../../../../functions/src/domain/rounds/schedule';
import {
  cronOf,
  DAYS_OF_MONTH,
  DEFAULT_CHOICE,
  FREQUENCIES,
  type ScheduleChoice,
  type ScheduleErrors,
  WEEKS_OF_MONTH,
} from '../../format/schedule-picker';
import { offsetMinutesOf } from '../../format/time-zone-options';
import { useI18n } from '../../i18n/i18n';
import { TimeZonePicker } from './TimeZonePicker';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 240px), 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  preview: {
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
    borderInlineStartWidth: tokens.strokeWidthThick,
    borderInlineStartStyle: 'solid',
    borderInlineStartColor: tokens.colorBrandStroke1,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface ScheduleFieldsProps {
  /** The stored schedule (CRON + zone) — what the program saves. */
  schedule: ProgramSchedule;
  /** The picker's fields; null while the stored CRON is one the picker cannot show (a custom schedule). */
  choice: ScheduleChoice | null;
  onChange: (next: { schedule: ProgramSchedule; choice: ScheduleChoice | null }) => void;
  errors: ScheduleErrors;
  /** Rounds last this many weeks and never overlap: the next one starts after the current one ends (decision 0020). */
  roundLengthWeeks: number;
  /** The running round's last day (`yyyy-MM-dd`), or null: the preview starts after it. */
  runningUntil: string | null;
  /** The preview's "now" (tests pin it); by default the moment the form opened. */
  now?: Date;
}

/**
 * "When rounds start": how often (weekly, monthly on a date, monthly on a weekday), the day, the time and a
 * searchable time zone, with the next three rounds previewed by the backend's own schedule code (rounds of the
 * program's length, one at a time). The program still
 * stores a CRON; a CRON the picker cannot show stays as it is, read-only, until the admin replaces it.
 */
export function ScheduleFields({
  schedule,
  choice,
  onChange,
  errors,
  roundLengthWeeks,
  runningUntil,
  now = new Date(),
}: ScheduleFieldsProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const titleId = useId();
  const previewId = useId();

  const pick = (patch: Partial<ScheduleChoice>) => {
    const next = { ...(choice ?? DEFAULT_CHOICE), ...patch };
    // An unfinished time keeps the last good CRON; the time's own message keeps Save disabled meanwhile.
    onChange({ schedule: { ...schedule, cron: cronOf(next) ?? schedule.cron }, choice: next });
  };

  // The preview is computed when the schedule changes, not on every keystroke elsewhere in the form (Intl formats
  // and CRON parsing are the costly part), from the moment the form opened.
  const [openedAt] = useState(() => now ?? new Date());
  const valid = Object.keys(errors).length === 0;
  const { cron, timeZone } = schedule;
  const preview = useMemo(() => {
    // Only a valid schedule has slots: Intl throws on a zone name it does not know.
    if (!valid) return [];
    const inZone = new Intl.DateTimeFormat(i18n.locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone,
    });
    // A round length being typed may be 0 or empty for a moment: preview as one week meanwhile.
    const weeks = Number.isFinite(roundLengthWeeks) && roundLengthWeeks >= 1 ? roundLengthWeeks : 1;
    return nextRoundStarts({ cron, timeZone }, openedAt, weeks, runningUntil, 3).map((slot) => ({
      key: slot.toISOString(),
      when: inZone.format(slot),
      yours:
        offsetMinutesOf(timeZone, slot) === offsetMinutesOf(i18n.timeZone, slot)
          ? ''
          : i18n.t('admin.form.schedule.preview.yourTime', { time: i18n.formatDateTime(slot) }),
    }));
  }, [valid, cron, timeZone, i18n, openedAt, roundLengthWeeks, runningUntil]);

  return (
    <section className={styles.section} aria-labelledby={titleId}>
      <Subtitle2 as="h3" id={titleId}>
        {t('admin.form.schedule')}
      </Subtitle2>
      <Caption1>{t('admin.form.schedule.help')}</Caption1>
      {choice === null ? (
        <MessageBar intent={errors.custom ? 'error' : 'info'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('admin.form.schedule.custom.title')}</MessageBarTitle>
            {t('admin.form.schedule.custom.body', { cron: schedule.cron })}
            {errors.custom && <Body1 as="p">{errors.custom}</Body1>}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => pick({})}>{t('admin.form.schedule.custom.replace')}</Button>
          </MessageBarActions>
        </MessageBar>
      ) : (
        <div className={styles.grid}>
          <Field label={t('admin.form.schedule.frequency')}>
            <Select
              value={choice.frequency}
              onChange={(_e, d) => pick({ frequency: d.value as ScheduleChoice['frequency'] })}
            >
              {FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {t(`admin.form.schedule.frequency.${f}`)}
                </option>
              ))}
            </Select>
          </Field>
          {choice.frequency === 'monthly-weekday' && (
            <Field label={t('admin.form.schedule.week')}>
              <Select
                value={choice.week}
                onChange={(_e, d) => pick({ week: d.value as ScheduleChoice['week'] })}
              >
                {WEEKS_OF_MONTH.map((w) => (
                  <option key={w} value={w}>
                    {t(`admin.form.schedule.week.${w}`)}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {choice.frequency === 'monthly-date' ? (
            <Field label={t('admin.form.schedule.dayOfMonth')}>
              <Select
                value={String(choice.dayOfMonth)}
                onChange={(_e, d) => pick({ dayOfMonth: d.value === 'last' ? 'last' : Number(d.value) })}
              >
                {DAYS_OF_MONTH.map((day) => (
                  <option key={day} value={String(day)}>
                    {day === 'last' ? t('admin.form.schedule.dayOfMonth.last') : i18n.formatNumber(day)}
                  </option>
                ))}
              </Select>
            </Field>
          ) : (
            <Field label={t('admin.form.schedule.weekday')}>
              <Select
                value={choice.weekday}
                onChange={(_e, d) => pick({ weekday: d.value as ScheduleChoice['weekday'] })}
              >
                {WEEKDAYS.map((day) => (
                  <option key={day} value={day}>
                    {t(`weekday.${day}`)}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          <Field
            label={t('admin.form.schedule.time')}
            hint={t('admin.form.schedule.time.hint')}
            validationState={errors.time ? 'error' : 'none'}
            validationMessage={errors.time}
          >
            <Input type="time" value={choice.time} onChange={(_e, d) => pick({ time: d.value })} />
          </Field>
        </div>
      )}
      <div className={styles.grid}>
        <TimeZonePicker
          label={t('admin.form.schedule.timeZone')}
          hint={t('admin.form.schedule.timeZone.hint')}
          value={schedule.timeZone}
          onChange={(timeZone) => onChange({ schedule: { ...schedule, timeZone }, choice })}
          validationMessage={errors.timeZone}
        />
      </div>
      <div className={styles.preview} aria-labelledby={previewId} role="group">
        <Body1 as="p" id={previewId}>
          {t('admin.form.schedule.preview')}
        </Body1>
        {preview.length > 0 ? (
          <ol className={styles.list} aria-live="polite">
            {preview.map((round) => (
              <li key={round.key}>
                <Body1>{round.when}</Body1> <Caption1 className={styles.muted}>{round.yours}</Caption1>
              </li>
            ))}
          </ol>
        ) : (
          <Caption1 className={styles.muted}>{t('admin.form.schedule.preview.none')}</Caption1>
        )}
      </div>
    </section>
  );
}
