import { type ActivityType } from '../../contracts/activity-types';

/**
 * The words the lifecycle puts in front of people outside the tab: the comment Outlook shows with a series change
 * and the preview line of each activity-feed notification. One place, so each text has one renderer.
 */
export const CALENDAR_COMMENTS = {
  ended: 'This peer-mentoring series has ended. Thank you for taking part.',
  rebooked: 'This time did not work for everyone; Pairwise is booking a new time.',
  orphan: 'This series was booked twice by mistake; your sessions continue in the other invitation.',
} as const;

export const ACTIVITY_PREVIEWS: Readonly<Record<ActivityType, string>> = {
  pairingCreated: 'You have a new peer-mentoring partner.',
  sessionBooked: 'Your peer-mentoring sessions are on your calendar.',
  actionNeeded: 'Your peer-mentoring sessions need a new time.',
  feedbackRequested: 'Did you meet? Tell us how your first session went.',
  seriesEnded: 'Your peer-mentoring sessions have ended.',
};

/**
 * Which place in the tab a notification opens. One notification goes to many members at once, so the place names
 * no pairing: "did you meet?" on each of my pairings still waiting for my answer, else my pairings.
 */
export function activityTarget(activityType: ActivityType): string {
  return activityType === 'feedbackRequested' ? 'feedback' : '';
}

/**
 * A deep link to a place inside the personal tab: Teams reads `context.subEntityId`
 * (https://teams.microsoft.com/l/entity/<app>/<entity>?context=…); outside Teams the tab routes by hash.
 */
export function deepLinkInto(tabLink: string, target: string): string {
  if (target === '') return tabLink;
  if (tabLink.startsWith('https://teams.microsoft.com/l/entity/')) {
    return `${tabLink}?context=${encodeURIComponent(JSON.stringify({ subEntityId: target }))}`;
  }
  return `${tabLink.replace(/\/$/, '')}/#/${target}`;
}
