import {
  Button,
  Field,
  makeStyles,
  Radio,
  RadioGroup,
  Rating,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useState } from 'react';

import { type FeedbackRequest } from '../../../functions/src/contracts/employee';
import { useI18n } from '../i18n/i18n';
import { ErrorState } from './StateViews';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
});

export interface FeedbackFormProps {
  peerNames: string;
  onSubmit: (request: FeedbackRequest) => Promise<void>;
}

/** "Did you meet?" + rating + private note: one screen, reachable in one click from the activity feed. */
export function FeedbackForm({ peerNames, onSubmit }: FeedbackFormProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const [met, setMet] = useState<'yes' | 'no' | ''>('');
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [ratingError, setRatingError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (met === 'yes' && rating === null) {
      setRatingError(t('feedback.rating.required'));
      return;
    }
    setRatingError(null);
    setSaving(true);
    setSubmitError(null);
    try {
      await onSubmit({ met: met === 'yes', rating: met === 'yes' ? rating : null, comment: comment.trim() });
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
      aria-label={t('feedback.title', { peer: peerNames })}
    >
      <Field label={t('feedback.met')} required>
        <RadioGroup layout="horizontal" value={met} onChange={(_e, d) => setMet(d.value as 'yes' | 'no')}>
          <Radio value="yes" label={t('feedback.met.yes')} />
          <Radio value="no" label={t('feedback.met.no')} />
        </RadioGroup>
      </Field>
      {met === 'yes' && (
        <Field label={t('feedback.rating')} validationMessage={ratingError ?? undefined} required>
          <Rating value={rating ?? 0} onChange={(_e, d) => setRating(d.value)} max={5} />
        </Field>
      )}
      <Field label={t('feedback.comment')} hint={t('feedback.comment.hint')}>
        <Textarea value={comment} maxLength={1000} onChange={(_e, d) => setComment(d.value)} />
      </Field>
      {submitError !== null && <ErrorState error={submitError} />}
      <div>
        <Button appearance="primary" type="submit" disabled={met === '' || saving}>
          {t('feedback.submit')}
        </Button>
      </div>
    </form>
  );
}
