import { Caption1, Label, makeStyles, Text, tokens } from '@fluentui/react-components';
import { type ReactNode, useId } from 'react';

const useStyles = makeStyles({
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS },
  choices: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM },
  hint: { display: 'block', color: tokens.colorNeutralForeground3 },
  error: { display: 'block', color: tokens.colorPaletteRedForeground1 },
});

/**
 * A labelled group of checkboxes. Fluent's Field is for one control (inside it every Checkbox would take the
 * field's label as its own name), so a group is a fieldset whose legend names it and each box keeps its label.
 */
export function ChoiceGroup({
  label,
  hint,
  error,
  required,
  children,
}: {
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  children: ReactNode;
}) {
  const styles = useStyles();
  const hintId = useId();
  const errorId = useId();
  return (
    <fieldset
      className={styles.fieldset}
      aria-describedby={[hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined}
    >
      <legend className={styles.legend}>
        <Label required={required} weight="semibold">
          {label}
        </Label>
      </legend>
      <div className={styles.choices}>{children}</div>
      {error && (
        <Text id={errorId} role="alert" className={styles.error} size={200}>
          {error}
        </Text>
      )}
      {hint && (
        <Caption1 id={hintId} className={styles.hint}>
          {hint}
        </Caption1>
      )}
    </fieldset>
  );
}
