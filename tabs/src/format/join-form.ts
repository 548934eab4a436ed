import {
  type Cadence,
  type Goal,
  type TimeOfDay,
  type Weekday,
} from '../../../functions/src/contracts/common';
import { type EnrollmentRequest, EnrollmentRequestSchema } from '../../../functions/src/contracts/employee';
import { type I18n } from '../i18n/i18n';
import { canonicalLanguageTag } from './languages';

export interface JoinFormValues {
  goals: Goal[];
  topicsToLearn: string[];
  topicsToShare: string[];
  cadence: Cadence;
  preferredDays: Weekday[];
  preferredTimesOfDay: TimeOfDay[];
  /** Language tags, picked by name (see `languageOptions`). */
  languages: string[];
  /** User ids picked from people search (never typed by hand). */
  notWith: string[];
}

export type JoinFormErrors = Partial<Record<keyof JoinFormValues, string>>;

/** Checks a topic before it is added to a list; returns the message to show, or null when it may be added. */
export function checkTopic(topic: string, existing: readonly string[], i18n: I18n): string | null {
  const trimmed = topic.trim();
  if (trimmed.length < 1 || trimmed.length > 60) return i18n.t('join.error.topic');
  if (existing.some((e) => e.toLowerCase() === trimmed.toLowerCase()))
    return i18n.t('join.error.topicDuplicate', { topic: trimmed });
  if (existing.length >= 20) return i18n.t('join.error.topicLimit');
  return null;
}

/**
 * Validates the join form with messages in the user's language, then builds the request; the contract schema
 * runs last as a guard so the form can never send what the API would refuse.
 */
export function validateJoinForm(
  values: JoinFormValues,
  i18n: I18n,
): { errors: JoinFormErrors; request: EnrollmentRequest | null } {
  const errors: JoinFormErrors = {};
  if (values.goals.length === 0) errors.goals = i18n.t('join.error.goals');
  // Each language once, in its canonical spelling ("pt-br" stored before becomes "pt-BR", as matching compares them).
  const canonical = values.languages.map((l) => ({ typed: l, tag: canonicalLanguageTag(l) }));
  const languages = [...new Set(canonical.flatMap((l) => (l.tag === null ? [] : [l.tag])))];
  const badLanguage = canonical.find((l) => l.tag === null)?.typed;
  if (badLanguage) errors.languages = i18n.t('join.error.languages', { value: badLanguage });
  const notWith = [...new Set(values.notWith.map((s) => s.toLowerCase()))];
  if (Object.keys(errors).length > 0) return { errors, request: null };
  const parsed = EnrollmentRequestSchema.safeParse({
    goals: values.goals,
    topicsToLearn: values.topicsToLearn,
    topicsToShare: values.topicsToShare,
    cadence: values.cadence,
    preferredDays: values.preferredDays,
    preferredTimesOfDay: values.preferredTimesOfDay,
    languages,
    notWith,
  });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const field = (first?.path[0] as keyof JoinFormValues | undefined) ?? 'goals';
    return { errors: { [field]: first?.message ?? 'invalid' }, request: null };
  }
  return { errors: {}, request: parsed.data };
}
