import { z } from 'zod';

import { ErrorDetailSchema, issueParams } from './issues';

/**
 * Vocabulary shared by every request and response of the Pairwise API. No Azure or Node imports: the tab
 * imports this module too. Request schemas are strict (an unknown field is a 400 naming it); response schemas
 * are plain objects so the server can add fields without breaking an older tab.
 */

export const GOALS = [
  'collaborative-learning',
  'onboarding-buddy',
  'remote-connection',
  'project-accountability',
  'network-building',
] as const;
export const GoalSchema = z.enum(GOALS);
export type Goal = z.infer<typeof GoalSchema>;

/** A program's kind is one of the forms peer mentoring takes; the names match the goals people pick. */
export const ProgramKindSchema = z.enum(GOALS);
export type ProgramKind = z.infer<typeof ProgramKindSchema>;

/** Pairs (2), or peer circles of about 3–6 people (decision 0019). */
export const PAIRS = 2;
export const CIRCLE_SIZES = [3, 4, 5, 6] as const;
// Said in words, not only as a bound: the API's English issue and the matching CLI's error print it.
const GROUP_SIZE_RULE = 'must be 2 (pairs) or a whole number from 3 to 6 (circles of about that many people)';
export const GroupSizeSchema = z
  .number()
  .int({ error: GROUP_SIZE_RULE })
  .min(PAIRS, { error: GROUP_SIZE_RULE })
  .max(6, { error: GROUP_SIZE_RULE });

export const CADENCES = ['weekly', 'biweekly', 'monthly'] as const;
export const CadenceSchema = z.enum(CADENCES);
export type Cadence = z.infer<typeof CadenceSchema>;

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export const WeekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof WeekdaySchema>;

export const TIMES_OF_DAY = ['morning', 'midday', 'afternoon'] as const;
export const TimeOfDaySchema = z.enum(TIMES_OF_DAY);
export type TimeOfDay = z.infer<typeof TimeOfDaySchema>;

/** Entra object ids (`oid`) and tenant ids (`tid`) are GUIDs. */
export const UserIdSchema = z.guid();
export const TenantIdSchema = z.guid();

/** Ids we mint (programs, rounds, pairings): URL- and Cosmos-safe (no `/`, `\`, `?`, `#`). */
export const ResourceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/, 'must be 1–80 letters, digits, "-" or "_"');

export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
export const IsoDateSchema = z.iso.date();

/** A free-text topic ("Kubernetes", "public speaking"). */
export const TopicSchema = z.string().trim().min(1).max(60);
/** BCP 47 language tag ("en", "pt-BR"). */
export const LanguageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/, 'must be a language tag like "en" or "pt-BR"');

/** An array whose items must be unique (compared as JSON). */
export function uniqueArray<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(item)
    .max(max)
    .refine((values) => new Set(values.map((v) => JSON.stringify(v))).size === values.length, {
      message: 'must not repeat an item',
      params: issueParams('duplicate-items'),
    });
}

/** The error body of every non-2xx answer. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(ErrorDetailSchema).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Paged lists: pass `continuationToken` back unchanged to get the next page; `null` means the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), continuationToken: z.string().nullable() });
}

export const PageQuerySchema = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  continuationToken: z.string().min(1).max(4000).optional(),
});

/**
 * Why two people were paired, in structured form; the tab renders the words. Produced by the matching engine and
 * by admin overrides. A kind the tab does not know should be skipped, not shown raw.
 */
export const PairingReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('same-level'), data: z.object({ level: z.string().nullable() }) }),
  z.object({ kind: z.literal('level-gap'), data: z.object({ gap: z.number() }) }),
  z.object({ kind: z.literal('different-department'), data: z.object({ departments: z.array(z.string()) }) }),
  z.object({ kind: z.literal('shared-goal'), data: z.object({ goals: z.array(GoalSchema) }) }),
  /** `teacherId` offers the topics that `learnerId` wants to learn. */
  z.object({
    kind: z.literal('teaches'),
    data: z.object({ teacherId: z.string(), learnerId: z.string(), topics: z.array(z.string()) }),
  }),
  z.object({ kind: z.literal('overlap-hours'), data: z.object({ hours: z.number() }) }),
  z.object({ kind: z.literal('shared-language'), data: z.object({ languages: z.array(z.string()) }) }),
  z.object({ kind: z.literal('new-joiner-buddy'), data: z.object({ newJoinerId: z.string() }) }),
  /** Someone was left out or had a cancelled pairing last round and was placed first. */
  z.object({ kind: z.literal('fairness'), data: z.object({ userIds: z.array(z.string()) }) }),
  /** Paired by a program admin (the reason they gave is in the audit log, not shown to the pair). */
  z.object({ kind: z.literal('admin-override'), data: z.object({}) }),
  /**
   * How often they meet and why: the program's default when everyone accepts it, else the most frequent rhythm
   * they all chose (`no-common-preference`: an admin paired people whose choices differ; the default is used).
   */
  z.object({
    kind: z.literal('cadence'),
    data: z.object({
      cadence: CadenceSchema,
      basis: z.enum(['program-default', 'shared-preference', 'no-common-preference']),
    }),
  }),
]);
export type PairingReason = z.infer<typeof PairingReasonSchema>;

export const PAIRING_STATES = [
  'proposed',
  'booking',
  'booked',
  'active',
  'ended',
  'cancelled',
  'needs-attention',
] as const;
export const PairingStateSchema = z.enum(PAIRING_STATES);
export type PairingState = z.infer<typeof PairingStateSchema>;

export const NextSessionSchema = z.object({
  start: IsoDateTimeSchema,
  end: IsoDateTimeSchema,
  /** The Teams join link; null when the meeting was booked without one (degraded) or is not booked yet. */
  joinUrl: z.string().nullable(),
});
export type NextSession = z.infer<typeof NextSessionSchema>;

export const SeriesInfoSchema = z.object({
  /** The organizer's user id (the event lives on their calendar; the others are attendees). */
  organizerId: z.string(),
  cadence: CadenceSchema,
  firstOccurrence: IsoDateTimeSchema.nullable(),
  /** Last date of the series (the round's end), in the organizer's time zone. */
  until: IsoDateSchema.nullable(),
});
export type SeriesInfo = z.infer<typeof SeriesInfoSchema>;

/** Why someone skipped the rest of a round: a category only (admins see counts of these, from five skips up). */
export const SKIP_CATEGORIES = ['too-busy', 'away', 'not-a-fit', 'other'] as const;
export const SkipCategorySchema = z.enum(SKIP_CATEGORIES);
export type SkipCategory = z.infer<typeof SkipCategorySchema>;

/**
 * Sessions that likely took place, inferred from calendar responses (both accepted or tentatively accepted, the
 * occurrence not cancelled), out of the sessions that are over so far. Not what people said in their check-ins.
 */
export const SessionsHeldSchema = z.object({
  likelyHeld: z.number().int().min(0),
  sessionsSoFar: z.number().int().min(0),
});
export type SessionsHeld = z.infer<typeof SessionsHeldSchema>;
