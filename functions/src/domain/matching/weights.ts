import type { MatchingWeights } from './types';

/** Defaults chosen so that a shared goal and crossing departments dominate, and topics and fairness tip ties. */
export const defaultWeights: Readonly<MatchingWeights> = Object.freeze({
  sharedGoal: 40,
  complementaryTopics: 10,
  differentDepartment: 20,
  differentTeam: 5,
  sharedLanguage: 10,
  sameWorkStyle: 5,
  newJoinerTenured: 20,
  fairness: 15,
  timeZoneOverlap: 10,
});

/** Plain-language text for each weight, as the admin tab shows it beside the slider. */
export function describeWeight(key: keyof MatchingWeights): string {
  switch (key) {
    case 'sharedGoal':
      return 'Points for each goal both people picked (for example both want network building).';
    case 'complementaryTopics':
      return 'Points for each topic one person offers and the other wants to learn, counted in both directions (up to three topics each way).';
    case 'differentDepartment':
      return 'Points when the two people work in different departments, to build connections across the company.';
    case 'differentTeam':
      return 'Points when the two people are on different teams.';
    case 'sharedLanguage':
      return 'Points when the two people share at least one language.';
    case 'sameWorkStyle':
      return 'Points when both work the same way: both remote, both hybrid or both on-site.';
    case 'newJoinerTenured':
      return 'Points when a new joiner is paired with someone who has been here longer.';
    case 'fairness':
      return 'Points for each person who was left out or whose pairing was cancelled last round, so they are placed first this time.';
    case 'timeZoneOverlap':
      return 'Points for overlapping working hours, growing with the overlap up to a full working day (8 hours).';
  }
}

export function resolveWeights(partial: Partial<MatchingWeights> | undefined): MatchingWeights {
  const weights = { ...defaultWeights, ...(partial ?? {}) };
  for (const [key, value] of Object.entries(weights)) {
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`weight ${key} must be a non-negative integer`);
  }
  return weights;
}
