import { ACTIVITY_TYPE_NAMES } from '../../contracts/activity-types';
import { activityTarget, deepLinkInto } from './activity-links';

describe('deepLinkInto', () => {
  it.each([
    [
      'https://teams.microsoft.com/l/entity/5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10/mentoring',
      activityTarget('feedbackRequested'),
      'https://teams.microsoft.com/l/entity/5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10/mentoring?context=%7B%22subEntityId%22%3A%22feedback%22%7D',
    ],
    [
      'https://teams.microsoft.com/l/entity/5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10/mentoring',
      activityTarget('seriesEnded'),
      'https://teams.microsoft.com/l/entity/5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10/mentoring',
    ],
    [
      'https://pairwise.example.com/',
      activityTarget('feedbackRequested'),
      'https://pairwise.example.com/#/feedback',
    ],
    ['https://pairwise.example.com/', activityTarget('sessionBooked'), 'https://pairwise.example.com/'],
  ])('links %s to %s', (tab, target, expected) => {
    expect(deepLinkInto(tab, target)).toBe(expected);
  });
});

describe('activityTarget', () => {
  it('names no pairing, so one notification can go to the members of many', () => {
    for (const type of ACTIVITY_TYPE_NAMES) expect(activityTarget(type)).toMatch(/^(feedback)?$/);
  });
});
