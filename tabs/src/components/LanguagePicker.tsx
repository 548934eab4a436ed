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
  Text,
  tokens,
} from '@fluentui/react-components';
import { useId, useMemo, useState } from 'react';

import { languageNamer, languageOptions } from '../format/languages';
import { useI18n } from '../i18n/i18n';

const useStyles = makeStyles({
  // The control wraps its chips, so a long list stays usable at the Teams mobile width.
  control: { minWidth: 0, maxWidth: '100%' },
  status: { display: 'block', color: tokens.colorNeutralForeground3, marginTop: tokens.spacingVerticalXXS },
});

export interface LanguagePickerProps {
  label: string;
  hint: string;
  /** The picked language tags, in the order they were added. */
  value: string[];
  max: number;
  onChange: (tags: string[]) => void;
  validationMessage?: string | undefined;
}

/**
 * Pick languages by name, in the reader's language ("Deutsch", "German", "allemand" all find `de`); a language the
 * list lacks is found by typing its tag. The person never has to know a tag, and what is sent is always one.
 */
export function LanguagePicker({
  label,
  hint,
  value,
  max,
  onChange,
  validationMessage,
}: LanguagePickerProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const statusId = useId();
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const nameOf = useMemo(() => languageNamer(i18n.locale), [i18n.locale]);
  const options = useMemo(
    () => languageOptions(query, value, i18n.locale, nameOf),
    [query, value, i18n.locale, nameOf],
  );

  const toggle = (tag: string) => {
    setError(null);
    if (value.includes(tag)) {
      onChange(value.filter((v) => v !== tag));
      return;
    }
    if (value.length >= max) {
      setError(t('join.languages.limit', { max }));
      return;
    }
    onChange([...value, tag]);
    setQuery('');
  };

  const typed = query.trim();
  const status = typed.length > 0 && options.length === 0 ? t('join.languages.none', { text: typed }) : '';
  const message = error ?? validationMessage;
  return (
    <div>
      <Field
        label={label}
        hint={hint}
        validationState={message ? 'error' : 'none'}
        validationMessage={message}
      >
        <TagPicker
          noPopover={options.length === 0}
          open={open && options.length > 0}
          onOpenChange={(_e, d) => setOpen(d.open)}
          selectedOptions={value}
          onOptionSelect={(_e, d) => toggle(d.value)}
        >
          <TagPickerControl className={styles.control}>
            <TagPickerGroup aria-label={label}>
              {value.map((tag) => (
                <Tag
                  key={tag}
                  value={tag}
                  shape="rounded"
                  dismissIcon={{ 'aria-label': t('join.languages.remove', { language: nameOf(tag) }) }}
                >
                  {nameOf(tag)}
                </Tag>
              ))}
            </TagPickerGroup>
            <TagPickerInput
              value={query}
              aria-describedby={statusId}
              onChange={(e) => {
                setQuery(e.target.value);
                setError(null);
                setOpen(true);
              }}
            />
          </TagPickerControl>
          {options.length > 0 ? (
            <TagPickerList>
              {options.map((o) => (
                <TagPickerOption key={o.tag} value={o.tag} text={o.name}>
                  {o.name}
                </TagPickerOption>
              ))}
            </TagPickerList>
          ) : undefined}
        </TagPicker>
      </Field>
      <Text id={statusId} size={200} className={styles.status} role="status" aria-live="polite">
        {status}
      </Text>
    </div>
  );
}
