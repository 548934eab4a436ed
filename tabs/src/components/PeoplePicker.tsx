import {
  Avatar,
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
import { useEffect, useId, useState } from 'react';

import { type PersonSummary } from '../../../functions/src/contracts/employee';
import { useI18n } from '../i18n/i18n';
import { useServices } from './AppProviders';
import { describeError } from './StateViews';

const useStyles = makeStyles({
  // The control wraps its chips, so a long list stays usable at the Teams mobile width.
  control: { minWidth: 0, maxWidth: '100%' },
  status: { display: 'block', color: tokens.colorNeutralForeground3, marginTop: tokens.spacingVerticalXXS },
});

/** The API answers from two characters on (shorter would list half the company). */
export const MIN_SEARCH = 2;
/** Quiet time after the last keystroke before a search is sent: one request per pause, not per key. */
export const SEARCH_DELAY_MS = 300;

export type PeopleSearch =
  | { phase: 'idle' }
  | { phase: 'searching'; text: string }
  | { phase: 'found'; text: string; people: PersonSummary[] }
  | { phase: 'failed'; text: string; error: unknown };

/** Searches people as the text settles; an answer for text that has since changed is dropped. */
function usePeopleSearch(text: string): PeopleSearch {
  const { employee } = useServices();
  const trimmed = text.trim();
  const [state, setState] = useState<PeopleSearch>({ phase: 'idle' });
  useEffect(() => {
    if (trimmed.length < MIN_SEARCH) {
      setState({ phase: 'idle' });
      return;
    }
    let live = true;
    setState({ phase: 'searching', text: trimmed });
    const timer = setTimeout(() => {
      employee.searchPeople(trimmed).then(
        (answer) => live && setState({ phase: 'found', text: trimmed, people: answer.people }),
        (error: unknown) => live && setState({ phase: 'failed', text: trimmed, error }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [trimmed, employee]);
  return state;
}

export interface PeoplePickerProps {
  label: string;
  hint: string;
  /** The chosen people's user ids, in the order they were added. */
  value: string[];
  /** What the tab knows about people (names for ids); an id it does not know is named in general words. */
  known: ReadonlyMap<string, PersonSummary>;
  max: number;
  /** The new list, and the person just added (so the caller can remember their name). */
  onChange: (ids: string[], added: PersonSummary | null) => void;
  validationMessage?: string | undefined;
}

/**
 * Pick people by typing part of their name: each suggestion shows the name, job title and department. Fluent's
 * TagPicker gives the combobox pattern (arrow keys, Enter, Backspace on chips); a polite live region says how the
 * search went, so a screen-reader user hears "3 people found" without leaving the input.
 */
export function PeoplePicker({
  label,
  hint,
  value,
  known,
  max,
  onChange,
  validationMessage,
}: PeoplePickerProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const statusId = useId();
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const search = usePeopleSearch(query);
  // The list opens by itself when an answer arrives (the person is typing, not clicking); Escape closes it.
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (search.phase === 'found') setOpen(true);
  }, [search]);

  const nameOf = (id: string) => known.get(id)?.displayName ?? t('join.notWith.unknownPerson');
  const detailOf = (p: PersonSummary) =>
    [p.jobTitle, p.department].filter((x): x is string => !!x).join(' · ');
  const options = search.phase === 'found' ? search.people.filter((p) => !value.includes(p.userId)) : [];

  const toggle = (id: string) => {
    if (value.includes(id)) {
      setError(null);
      onChange(
        value.filter((v) => v !== id),
        null,
      );
      return;
    }
    const person = options.find((p) => p.userId === id);
    if (!person) return;
    if (value.length >= max) {
      setError(t('join.notWith.limit', { max }));
      return;
    }
    setError(null);
    onChange([...value, id], person);
    setQuery('');
  };

  const status = (() => {
    if (query.trim().length > 0 && query.trim().length < MIN_SEARCH) return t('join.notWith.tooShort');
    switch (search.phase) {
      case 'idle':
        return '';
      case 'searching':
        return t('join.notWith.searching');
      case 'failed':
        return describeError(search.error, i18n);
      case 'found':
        return options.length === 0
          ? t('join.notWith.none', { text: search.text })
          : t('join.notWith.found', { count: options.length });
    }
  })();

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
          // Nothing to list: the control alone is the trigger (switching keeps the input mounted, and its focus).
          noPopover={options.length === 0}
          open={open && options.length > 0}
          onOpenChange={(_e, d) => setOpen(d.open)}
          selectedOptions={value}
          onOptionSelect={(_e, d) => toggle(d.value)}
        >
          <TagPickerControl className={styles.control}>
            <TagPickerGroup aria-label={label}>
              {value.map((id) => (
                <Tag
                  key={id}
                  value={id}
                  shape="rounded"
                  media={<Avatar aria-hidden name={known.get(id)?.displayName} size={20} color="colorful" />}
                  dismissIcon={{ 'aria-label': t('join.notWith.remove') }}
                >
                  {nameOf(id)}
                </Tag>
              ))}
            </TagPickerGroup>
            <TagPickerInput
              value={query}
              aria-describedby={statusId}
              onChange={(e) => {
                setQuery(e.target.value);
                setError(null);
              }}
            />
          </TagPickerControl>
          {options.length > 0 ? (
            <TagPickerList>
              {options.map((p) => (
                <TagPickerOption
                  key={p.userId}
                  value={p.userId}
                  text={p.displayName}
                  media={<Avatar aria-hidden name={p.displayName} size={28} color="colorful" />}
                  secondaryContent={detailOf(p)}
                >
                  {p.displayName}
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
