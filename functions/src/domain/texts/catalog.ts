import { type ActivityType } from '../../contracts/activity-types';
import { type Cadence, type Goal } from '../../contracts/common';

/**
 * Why someone was left out of a round, as a notification words it: the round's reason, or reason.detail where the
 * detail says more (the same keys and words as the tab's `myUnmatched.*`). Anything else reads `other`.
 */
export const NOT_PAIRED_WHYS = [
  'no-eligible-peer',
  'no-eligible-peer.level-band',
  'no-eligible-peer.management-chain',
  'no-eligible-peer.cooldown',
  'no-eligible-peer.onboarding-pairing',
  'no-eligible-peer.cadence',
  'no-eligible-peer.working-hours-overlap',
  'carried-over-with-priority',
  'unpaired-by-admin',
  'peer-left-since-plan',
  'calendar-unreachable',
  'calendar-unreachable.no-mailbox',
  'calendar-unreachable.out-of-scope',
  'other',
] as const;
export type NotPairedWhy = (typeof NOT_PAIRED_WHYS)[number];

export type CalendarComment = 'ended' | 'rebooked' | 'member-left' | 'orphan';

/** Every text the backend writes for a person, in one language. Each language's catalog must have every entry. */
export interface TextCatalog {
  invitation: {
    /** The default intro of the invitation body (a program's own template replaces it). */
    intro: (p: { program: string }) => string;
    /** `size`: the people in the pairing (2, a triad's 3, a circle's up to 7). */
    whyHeading: (p: { size: number }) => string;
    /** `date` is the round's last day, already formatted. */
    until: (p: { date: string }) => string;
    /** The link's words and what follows them (`rest` starts with its own space or comma). */
    openTab: { label: string; rest: string };
    /** The link to the pair workspace (the Outlook pane reads it back to find the pairing): words and what follows. */
    workspace: { label: string; rest: string };
  };
  reasons: {
    /** Stands in for a member whose name is not known. */
    someoneOfYou: string;
    sameLevel: string;
    levelGap: string;
    differentDepartments: (p: { departments: string }) => string;
    differentDepartmentsUnnamed: string;
    sharedGoals: (p: { goals: string; count: number }) => string;
    teaches: (p: { teacher: string; learner: string; topics: string }) => string;
    overlapHours: (p: { hours: number }) => string;
    sharedLanguages: (p: { languages: string; group: boolean }) => string;
    newJoinerBuddy: (p: { newJoiner: string; group: boolean }) => string;
    fairness: string;
    cadence: (p: {
      when: string;
      basis: 'program-default' | 'shared-preference' | 'no-common-preference';
      group: boolean;
    }) => string;
  };
  goals: Record<Goal, string>;
  /** Cadences inside a sentence ("You meet every two weeks"). */
  cadences: Record<Cadence, string>;
  calendarComments: Record<CalendarComment, string>;
  /** The activity feed's preview line (Teams shows 150 characters); `notPaired` has its own words. */
  activityPreviews: Record<Exclude<ActivityType, 'notPaired'>, string>;
  notPaired: Record<NotPairedWhy, string>;
  /** `date` already formatted. */
  nextRound: (p: { date: string }) => string;
}
