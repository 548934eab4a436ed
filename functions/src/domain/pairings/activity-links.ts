import { type ActivityType } from '../../contracts/activity-types';

/**
 * Where a notification leads (its words are in domain/texts, in the reader's language). One notification goes to
 * many members at once, so the place names no pairing: "did you meet?" on each of my pairings still waiting for my
 * answer, else the tab's home (my pairings, or why a round left me out).
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
