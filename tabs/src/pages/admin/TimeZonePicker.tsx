import { Caption1, Combobox, Field, makeStyles, Option, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';

import { matchesTimeZone, timeZoneOptions } from '../../format/time-zone-options';
import { useI18n } from '../../i18n/i18n';

const useStyles = makeStyles({
  option: { display: 'flex', flexDirection: 'column' },
  secondary: { color: tokens.colorNeutralForeground3 },
  listbox: { maxHeight: '320px' },
});

export interface TimeZonePickerProps {
  label: string;
  hint: string;
  /** The IANA name stored on the program. */
  value: string;
  onChange: (timeZone: string) => void;
  validationMessage?: string | undefined;
}

/**
 * A searchable list of every IANA time zone, each shown as "Berlin (UTC+02:00)" with its generic name and IANA name
 * underneath; typing filters by city, region, name or offset. Fluent's Combobox: arrow keys, Enter, Escape, and the
 * listbox pattern for screen readers.
 */
export function TimeZonePicker({ label, hint, value, onChange, validationMessage }: TimeZonePickerProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  // Offsets as of when the form opened: a form is not open across a daylight-saving change for long.
  const options = useMemo(
    () => timeZoneOptions(new Date(), i18n.locale, undefined, [value]),
    [i18n.locale, value],
  );
  const selected = options.find((o) => o.id === value);
  // What the admin is typing; null while the field shows the chosen zone.
  const [query, setQuery] = useState<string | null>(null);
  // Open while typing, pasting included (a paste sends no key that would open it).
  const [open, setOpen] = useState(false);
  const shown = query === null ? options : options.filter((o) => matchesTimeZone(o, query));

  return (
    <Field label={label} hint={hint} validationMessage={validationMessage}>
      <Combobox
        value={query ?? selected?.label ?? value}
        selectedOptions={selected ? [selected.id] : []}
        open={open}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onOptionSelect={(_e, d) => {
          // Typing away from the chosen zone "clears" the selection (no value): the zone stays until one is picked.
          if (!d.optionValue) return;
          onChange(d.optionValue);
          setQuery(null);
        }}
        onOpenChange={(_e, d) => {
          setOpen(d.open);
          if (!d.open) setQuery(null);
        }}
        listbox={{ className: styles.listbox }}
      >
        {shown.map((o) => (
          <Option key={o.id} value={o.id} text={o.label}>
            <span className={styles.option}>
              <span>{o.label}</span>
              <Caption1 className={styles.secondary}>
                {o.name === o.id ? o.id : `${o.name} · ${o.id}`}
              </Caption1>
            </span>
          </Option>
        ))}
        {shown.length === 0 && query !== null ? (
          <Option key="none" value="" text="" disabled>
            {t('admin.form.schedule.timeZone.none', { text: query })}
          </Option>
        ) : null}
      </Combobox>
    </Field>
  );
}
