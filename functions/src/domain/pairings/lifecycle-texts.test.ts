import { activityTarget, deepLinkInto } from './lifecycle-texts';

describe('deepLinkInto', () => {
  it.each([
    [
      'https://teams.microsoft.com/l/entity/5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10/mentoring',
      activityTarget('feedbackRequested', 'p-1'),
      'https://teams.microsoft.com/l/entity/5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10/mentoring?context=%7B%22subEntityId%22%3A%22feedback%2Fp-1%22%7D',
    ],
    [
      'https://pairwise.example.com/',
      activityTarget('seriesEnded', 'p-2'),
      'https://pairwise.example.com/#/pairing/p-2',
    ],
  ])('links %s to %s', (tab, target, expected) => {
    expect(deepLinkInto(tab, target)).toBe(expected);
  });
});
