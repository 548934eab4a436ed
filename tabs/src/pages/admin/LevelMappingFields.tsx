import {
  Button,
  Caption1,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  SpinButton,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useId, useRef, useState } from 'react';

import { type LevelMapping } from '../../../../functions/src/contracts/admin';
import { DEFAULT_LEVEL_MAPPING, mapLevel } from '../../../../functions/src/domain/levels/level-mapping';
import {
  cleanLevelMapping,
  LEVEL_ATTRIBUTES,
  type LevelMappingErrors,
  LIMITS,
} from '../../format/program-eligibility';
import { useI18n } from '../../i18n/i18n';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  rows: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  row: {
    listStyleType: 'none',
    display: 'grid',
    // Label, pattern and rank side by side when there is room; stacked at the Teams mobile width.
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 160px), 1fr))',
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  rowActions: {
    gridColumn: '1 / -1',
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  attribute: { maxWidth: '360px' },
  error: { color: tokens.colorPaletteRedForeground1 },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
});

type Mode = 'default' | LevelMapping['source'];
type Row = LevelMapping['levels'][number];
type FocusTarget = { id: number; action: 'moveUp' | 'moveDown' | 'label' | 'add' };

export interface LevelMappingFieldsProps {
  value: LevelMapping | null;
  onChange: (value: LevelMapping | null) => void;
  errors: LevelMappingErrors;
}

/**
 * Where a person's level comes from: the tenant default, a directory attribute, or an ordered table of job-title
 * patterns. Switching to the default and back keeps what was typed, so an admin can compare without losing work.
 */
export function LevelMappingFields({ value, onChange, errors }: LevelMappingFieldsProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const titleId = useId();
  const rowsLabelId = useId();
  const [draft, setDraft] = useState<LevelMapping>(
    () => value ?? { source: 'jobTitle', attribute: null, levels: [] },
  );
  // Stable keys per row, so reordering moves the row (and its focus) instead of re-typing its inputs.
  const nextId = useRef(0);
  const newId = () => ++nextId.current;
  const [ids, setIds] = useState<number[]>(() => (value?.levels ?? []).map(() => newId()));
  const [announcement, setAnnouncement] = useState('');
  const [sample, setSample] = useState('');
  const focusAfter = useRef<FocusTarget | null>(null);
  const rowRefs = useRef(new Map<string, HTMLElement>());

  const mapping = value ?? draft;
  const mode: Mode = value === null ? 'default' : value.source;
  const rowIds = ids.length === mapping.levels.length ? ids : mapping.levels.map((_, i) => -(i + 1));

  useEffect(() => {
    const target = focusAfter.current;
    if (!target) return;
    focusAfter.current = null;
    rowRefs.current.get(`${target.id}:${target.action}`)?.focus();
  });

  const update = (next: LevelMapping) => {
    setDraft(next);
    onChange(next);
  };
  const setRows = (levels: Row[], nextIds: number[]) => {
    setIds(nextIds);
    update({ ...mapping, levels });
  };
  const setRow = (index: number, patch: Partial<Row>) =>
    setRows(
      mapping.levels.map((r, i) => (i === index ? { ...r, ...patch } : r)),
      rowIds,
    );
  const move = (index: number, by: -1 | 1) => {
    const to = index + by;
    const levels = [...mapping.levels];
    const keys = [...rowIds];
    [levels[index], levels[to]] = [levels[to]!, levels[index]!];
    [keys[index], keys[to]] = [keys[to]!, keys[index]!];
    // Keep focus on the button pressed; at either end that button is disabled, so take the other one.
    const stillMovable = by === -1 ? to > 0 : to < levels.length - 1;
    focusAfter.current = {
      id: keys[to],
      action: stillMovable ? (by === -1 ? 'moveUp' : 'moveDown') : by === -1 ? 'moveDown' : 'moveUp',
    };
    setAnnouncement(t('admin.levelMapping.moved', { index: to + 1 }));
    setRows(levels, keys);
  };
  const add = () => {
    const ranks = mapping.levels.map((r) => r.rank).filter(Number.isFinite);
    const rank = Math.min(LIMITS.rankMax, Math.max(-1, ...ranks) + 1);
    const id = newId();
    focusAfter.current = { id, action: 'label' };
    setRows([...mapping.levels, { label: '', rank, pattern: '' }], [...rowIds, id]);
  };
  const remove = (index: number) => {
    // Focus moves to the row that takes its place (or the one before), else to "Add a level": never to nowhere.
    const next = rowIds[index + 1] ?? rowIds[index - 1];
    focusAfter.current = next === undefined ? { id: 0, action: 'add' } : { id: next, action: 'label' };
    setRows(
      mapping.levels.filter((_, i) => i !== index),
      rowIds.filter((_, i) => i !== index),
    );
  };
  const ref = (id: number, action: FocusTarget['action']) => (el: HTMLElement | null) => {
    if (el) rowRefs.current.set(`${id}:${action}`, el);
    else rowRefs.current.delete(`${id}:${action}`);
  };

  const choose = (next: Mode) => {
    if (next === 'default') onChange(null);
    else update({ ...mapping, source: next });
  };

  const attribute = mapping.attribute ?? '';
  const attributeOptions = attribute && !LEVEL_ATTRIBUTES.includes(attribute) ? [attribute] : [];
  const jobTitle = mode === 'jobTitle';
  const err = (path: string) => ({
    validationState: errors[path] ? ('error' as const) : ('none' as const),
    validationMessage: errors[path],
  });

  // Try the mapping on a sample with the backend's own reader (a pure domain function), so what the admin sees
  // here is what enrollment and the directory sync will compute.
  const sampleAttribute = value === null ? DEFAULT_LEVEL_MAPPING.attribute : value.attribute;
  const trySample = (): string | undefined => {
    if (!sample.trim()) return undefined;
    if (Object.keys(errors).length > 0) return t('admin.levelMapping.try.invalid');
    const level = mapLevel(
      { jobTitle: sample, attributes: sampleAttribute ? { [sampleAttribute]: sample } : {} },
      cleanLevelMapping(value),
    );
    if (!level) return t('admin.levelMapping.try.none');
    return level.rank === null
      ? t('admin.levelMapping.try.resultNoRank', { label: level.label })
      : t('admin.levelMapping.try.result', { label: level.label, rank: level.rank });
  };

  return (
    <section className={styles.section} aria-labelledby={titleId}>
      <Subtitle2 as="h3" id={titleId}>
        {t('admin.levelMapping.title')}
      </Subtitle2>
      <Caption1>{t('admin.levelMapping.help')}</Caption1>
      <Field label={t('admin.levelMapping.source')}>
        <RadioGroup value={mode} onChange={(_e, d) => choose(d.value as Mode)}>
          <Radio value="default" label={t('admin.levelMapping.source.default')} />
          <Radio value="extensionAttribute" label={t('admin.levelMapping.source.extensionAttribute')} />
          <Radio value="jobTitle" label={t('admin.levelMapping.source.jobTitle')} />
        </RadioGroup>
      </Field>
      {mode === 'extensionAttribute' && (
        <Field
          className={styles.attribute}
          label={t('admin.levelMapping.attribute')}
          hint={t('admin.levelMapping.attribute.hint')}
          required
          {...err('attribute')}
        >
          <Select
            value={attribute}
            onChange={(_e, d) => update({ ...mapping, attribute: d.value === '' ? null : d.value })}
          >
            <option value="" disabled>
              {t('admin.levelMapping.attribute.choose')}
            </option>
            {LEVEL_ATTRIBUTES.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
            {attributeOptions.map((a) => (
              <option key={a} value={a}>
                {t('admin.levelMapping.attribute.other', { name: a })}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {mode !== 'default' && (
        <>
          <Text weight="semibold" id={rowsLabelId}>
            {t('admin.levelMapping.rows')}
          </Text>
          <Caption1>
            {t(jobTitle ? 'admin.levelMapping.rows.jobTitle' : 'admin.levelMapping.rows.attribute')}
          </Caption1>
          {mapping.levels.length > 0 && (
            <ol className={styles.rows} aria-labelledby={rowsLabelId}>
              {mapping.levels.map((row, i) => {
                const id = rowIds[i]!;
                const name = t('admin.levelMapping.row', { index: i + 1 });
                return (
                  <li key={id} className={styles.row} aria-label={name}>
                    <Field label={t('admin.levelMapping.label')} required {...err(`levels.${i}.label`)}>
                      <Input
                        ref={ref(id, 'label')}
                        value={row.label}
                        maxLength={LIMITS.label}
                        onChange={(_e, d) => setRow(i, { label: d.value })}
                      />
                    </Field>
                    <Field
                      label={t(
                        jobTitle ? 'admin.levelMapping.pattern' : 'admin.levelMapping.pattern.optional',
                      )}
                      required={jobTitle}
                      {...err(`levels.${i}.pattern`)}
                    >
                      <Input
                        value={row.pattern ?? ''}
                        maxLength={LIMITS.pattern}
                        spellCheck={false}
                        onChange={(_e, d) => setRow(i, { pattern: d.value })}
                      />
                    </Field>
                    <Field label={t('admin.levelMapping.rank')} {...err(`levels.${i}.rank`)}>
                      <SpinButton
                        min={LIMITS.rankMin}
                        max={LIMITS.rankMax}
                        value={Number.isFinite(row.rank) ? row.rank : null}
                        onChange={(_e, d) => {
                          const next =
                            d.value ?? (d.displayValue === undefined ? row.rank : Number(d.displayValue));
                          setRow(i, { rank: next });
                        }}
                      />
                    </Field>
                    <div className={styles.rowActions}>
                      <Button
                        size="small"
                        ref={ref(id, 'moveUp')}
                        disabled={i === 0}
                        aria-label={t('admin.levelMapping.moveUp', { index: i + 1 })}
                        onClick={() => move(i, -1)}
                      >
                        ↑
                      </Button>
                      <Button
                        size="small"
                        ref={ref(id, 'moveDown')}
                        disabled={i === mapping.levels.length - 1}
                        aria-label={t('admin.levelMapping.moveDown', { index: i + 1 })}
                        onClick={() => move(i, 1)}
                      >
                        ↓
                      </Button>
                      <Button
                        size="small"
                        appearance="subtle"
                        aria-label={t('admin.levelMapping.remove', { index: i + 1 })}
                        onClick={() => remove(i)}
                      >
                        {t('admin.levelMapping.removeShort')}
                      </Button>
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
          {errors.levels && (
            <Text role="alert" className={styles.error}>
              {errors.levels}
            </Text>
          )}
          <div>
            <Button ref={ref(0, 'add')} onClick={add} disabled={mapping.levels.length >= LIMITS.levelRows}>
              {t('admin.levelMapping.add')}
            </Button>
          </div>
          <span className={styles.visuallyHidden} aria-live="polite">
            {announcement}
          </span>
        </>
      )}
      {(mode === 'jobTitle' || sampleAttribute) && (
        <Field
          className={styles.attribute}
          label={
            mode === 'jobTitle'
              ? t('admin.levelMapping.try.jobTitle')
              : t('admin.levelMapping.try.attribute', { attribute: sampleAttribute ?? '' })
          }
          validationState="none"
          validationMessage={trySample()}
        >
          <Input value={sample} onChange={(_e, d) => setSample(d.value)} />
        </Field>
      )}
    </section>
  );
}
