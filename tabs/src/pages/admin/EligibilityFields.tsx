import { Body1, Caption1, Field, Input, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { useId } from 'react';

import {
  type Eligibility,
  type EligibilityErrors,
  eligibilitySummary,
  LIMITS,
} from '../../format/program-eligibility';
import { useI18n } from '../../i18n/i18n';
import { ChipPicker } from './ChipPicker';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 240px), 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  summary: {
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
    borderInlineStartWidth: tokens.strokeWidthThick,
    borderInlineStartStyle: 'solid',
    borderInlineStartColor: tokens.colorBrandStroke1,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
});

export interface EligibilityFieldsProps {
  value: Eligibility;
  onChange: (value: Eligibility) => void;
  errors: EligibilityErrors;
  suggestions: { departments: readonly string[]; levels: readonly string[] };
  /** Chosen levels the program's level mapping never gives (a likely mistake, not an error). */
  unknownLevels?: readonly string[];
}

/** "Who can join": departments, levels and a hire-date window, with the rule said back in plain words. */
export function EligibilityFields({
  value,
  onChange,
  errors,
  suggestions,
  unknownLevels = [],
}: EligibilityFieldsProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const titleId = useId();
  const date = (key: 'hireDateFrom' | 'hireDateTo', label: string) => (
    <Field
      label={label}
      hint={t('admin.eligibility.hireDate.hint')}
      validationState={errors[key] ? 'error' : 'none'}
      validationMessage={errors[key]}
    >
      <Input
        type="date"
        value={value[key] ?? ''}
        onChange={(_e, d) => onChange({ ...value, [key]: d.value === '' ? null : d.value })}
      />
    </Field>
  );
  return (
    <section className={styles.section} aria-labelledby={titleId}>
      <Subtitle2 as="h3" id={titleId}>
        {t('admin.eligibility.title')}
      </Subtitle2>
      <Caption1>{t('admin.eligibility.help')}</Caption1>
      <div className={styles.grid}>
        <ChipPicker
          label={t('admin.eligibility.departments')}
          hint={t('admin.eligibility.departments.hint')}
          values={value.departments}
          suggestions={suggestions.departments}
          max={LIMITS.departments}
          onChange={(departments) => onChange({ ...value, departments })}
          validationMessage={errors.departments}
        />
        <ChipPicker
          label={t('admin.eligibility.levels')}
          hint={t('admin.eligibility.levels.hint')}
          values={value.levels}
          suggestions={suggestions.levels}
          max={LIMITS.levels}
          onChange={(levels) => onChange({ ...value, levels })}
          validationMessage={errors.levels}
          warning={
            unknownLevels.length > 0
              ? t('admin.eligibility.warning.unknownLevels', { levels: i18n.formatList([...unknownLevels]) })
              : undefined
          }
        />
      </div>
      <div className={styles.grid}>
        {date('hireDateFrom', t('admin.eligibility.hireDateFrom'))}
        {date('hireDateTo', t('admin.eligibility.hireDateTo'))}
      </div>
      <Body1 as="p" className={styles.summary} aria-live="polite">
        {eligibilitySummary(value, i18n)}
      </Body1>
    </section>
  );
}
