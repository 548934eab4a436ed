import {
  type Cadence,
  type Goal,
  type TimeOfDay,
  type Weekday,
} from '../../../functions/src/contracts/common';
import { type EnrollmentRequest, EnrollmentRequestSchema } from '../../../functions/src/contracts/employee';
import { type I18n } from '../i18n/i18n';

export interface JoinFormValues {
  goals: Goal[];
  topicsToLearn: string[];
  topicsToShare: string[];
  cadence: Cadence;
  preferredDays: Weekday[];
  preferredTimesOfDay: TimeOfDay[];
  /** Free text: comma-separated language tags. */
  languages: string;
  /** User ids picked from people search (never typed by hand). */
  notWith: string[];
}

export type JoinFormErrors = Partial<Record<keyof JoinFormValues, string>>;

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/;

const splitList = (text: string): string[] =>
  text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

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
  const languages = [...new Set(splitList(values.languages))];
  const badLanguage = languages.find((l) => !LANGUAGE.test(l));
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
