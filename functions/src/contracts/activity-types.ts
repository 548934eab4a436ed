/**
 * The Teams activity-feed notifications Pairwise sends, declared once. The manifest (manifest/manifest.template.json
 * `activities.activityTypes`) must declare every type here with the same template parameters — Teams rejects a
 * `sendActivityNotification` whose `activityType` the installed app does not declare (tests/unit/manifest-*.test.ts
 * checks both directions). No Azure or Node imports: a contract module.
 *
 * Template parameters carry no personal data beyond what the recipient already sees in the tab (their program's
 * name); the partner's name stays in the tab, reached through the notification's deep link.
 */
export const ACTIVITY_TYPES = {
  pairingCreated: {
    description: 'You have a new mentoring partner',
    templateText: '{actor}: you have a new peer-mentoring partner in {programName}',
    parameters: ['programName'],
  },
  sessionBooked: {
    description: 'Your mentoring sessions are booked',
    templateText: '{actor}: your sessions in {programName} are on your calendar',
    parameters: ['programName'],
  },
  actionNeeded: {
    description: 'Something in your mentoring needs your attention',
    templateText: '{actor}: {programName} needs your attention',
    parameters: ['programName'],
  },
  feedbackRequested: {
    description: 'Tell us how your last session went',
    templateText: '{actor}: how was your last session in {programName}?',
    parameters: ['programName'],
  },
  seriesEnded: {
    description: 'Your mentoring sessions have ended',
    templateText: '{actor}: your sessions in {programName} have ended',
    parameters: ['programName'],
  },
  /** After a round is published, to each person it left out; the preview says why (domain/texts). */
  notPaired: {
    description: 'You were not paired this round',
    templateText: '{actor}: you were not paired this round in {programName}',
    parameters: ['programName'],
  },
} as const satisfies Record<string, ActivityTypeDefinition>;

export interface ActivityTypeDefinition {
  /** ≤ 128 characters (manifest schema). */
  description: string;
  /** ≤ 128 characters; `{actor}` is the app's name for app-only notifications, the rest are the parameters. */
  templateText: string;
  parameters: readonly string[];
}

export type ActivityType = keyof typeof ACTIVITY_TYPES;
export type ActivityParameters<T extends ActivityType> = Record<
  (typeof ACTIVITY_TYPES)[T]['parameters'][number],
  string
>;

export const ACTIVITY_TYPE_NAMES = Object.keys(ACTIVITY_TYPES) as ActivityType[];

export function isActivityType(value: string): value is ActivityType {
  return Object.hasOwn(ACTIVITY_TYPES, value);
}

/** The `templateParameters` array of a sendActivityNotification body, in the declared order. */
export function toTemplateParameters<T extends ActivityType>(
  type: T,
  values: ActivityParameters<T>,
): Array<{ name: string; value: string }> {
  const parameters: readonly string[] = ACTIVITY_TYPES[type].parameters;
  return parameters.map((name) => ({ name, value: (values as Record<string, string>)[name] ?? '' }));
}
