import {
  Field,
  makeStyles,
  Tag,
  TagPicker,
  TagPickerControl,
  TagPickerGroup,
  TagPickerInput,
  TagPickerList,
  TagPickerOption,
} from '@fluentui/react-components';
import { type KeyboardEvent, useState } from 'react';

import { checkChip } from '../../format/program-eligibility';
import { useI18n } from '../../i18n/i18n';

const useStyles = makeStyles({
  // The control wraps its chips, so long lists stay usable at the Teams mobile width.
  control: { minWidth: 0, maxWidth: '100%' },
});

/** How many suggestions the list shows at once; typing narrows them. */
const SHOWN = 12;

export interface ChipPickerProps {
  label: string;
  hint: string;
  values: string[];
  suggestions: readonly string[];
  max: number;
  onChange: (values: string[]) => void;
  /** A problem with the whole list (from the form's checks), shown when the picker has none of its own. */
  validationMessage?: string | undefined;
  /** Something that does not block saving but is probably a mistake. */
  warning?: string | undefined;
}

/**
 * A multi-select of chips: pick suggestions from the list or type a new value and press Enter (free entry, since
 * the directory may hold names nobody has used yet). Built on Fluent's TagPicker, so keyboard and screen-reader
 * behaviour is the combobox pattern.
 */
export function ChipPicker({
  label,
  hint,
  values,
  suggestions,
  max,
  onChange,
  validationMessage,
  warning,
}: ChipPickerProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);

  const trimmed = query.trim();
  const taken = new Set(values.map((v) => v.toLowerCase()));
  const matching = suggestions
    .filter((s) => !taken.has(s.toLowerCase()) && s.toLowerCase().includes(trimmed.toLowerCase()))
    .slice(0, SHOWN);
  const offerNew =
    trimmed.length > 0 &&
    !taken.has(trimmed.toLowerCase()) &&
    !matching.some((s) => s.toLowerCase() === trimmed.toLowerCase());

  const hasList = offerNew || matching.length > 0;

  const add = (value: string) => {
    const problem = checkChip(value, values, max, i18n);
    setError(problem);
    if (problem) return;
    onChange([...values, value.trim()]);
    setQuery('');
  };
  const toggle = (value: string) => {
    if (values.includes(value)) {
      setError(null);
      onChange(values.filter((v) => v !== value));
    } else add(value);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // With the list open and an option highlighted the picker selects it; otherwise Enter adds what was typed
    // (a closed list can keep a stale highlight, e.g. after a paste).
    const input = e.currentTarget;
    const highlighted =
      input.getAttribute('aria-expanded') === 'true' && input.getAttribute('aria-activedescendant');
    if (e.key !== 'Enter' || highlighted) return;
    e.preventDefault();
    if (trimmed.length > 0) add(query);
  };

  const message = error ?? validationMessage;
  return (
    <Field
      label={label}
      hint={hint}
      validationState={message ? 'error' : warning ? 'warning' : 'none'}
      validationMessage={message ?? warning}
    >
      <TagPicker
        // Nothing to list: the control alone is the trigger (switching keeps the input mounted, and its focus).
        noPopover={!hasList}
        selectedOptions={values}
        onOptionSelect={(_e, d) => toggle(d.value)}
      >
        <TagPickerControl className={styles.control}>
          <TagPickerGroup aria-label={label}>
            {values.map((v) => (
              <Tag key={v} value={v} shape="rounded" dismissIcon={{ 'aria-label': t('admin.chips.remove') }}>
                {v}
              </Tag>
            ))}
          </TagPickerGroup>
          <TagPickerInput
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setError(null);
            }}
            onKeyDown={onKeyDown}
          />
        </TagPickerControl>
        {hasList ? (
          <TagPickerList>
            {matching.map((s) => (
              <TagPickerOption key={s} value={s}>
                {s}
              </TagPickerOption>
            ))}
            {/* Last, so a suggestion that starts with the typed text stays the highlighted one. */}
            {offerNew && (
              <TagPickerOption value={trimmed} text={trimmed}>
                {t('admin.chips.add', { value: trimmed })}
              </TagPickerOption>
            )}
          </TagPickerList>
        ) : undefined}
      </TagPicker>
    </Field>
  );
}
