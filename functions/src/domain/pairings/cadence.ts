import { type Cadence, CADENCES, type PairingReason } from '../../contracts/common';

/** What a person accepts: one cadence, several, or any (the matching CLI's inputs allow all three). */
export type CadencePreference = Cadence | readonly Cadence[] | 'any';

export interface CadenceChoice {
  cadence: Cadence;
  reason: Extract<PairingReason, { kind: 'cadence' }>;
}

function accepted(preference: CadencePreference): ReadonlySet<Cadence> {
  if (preference === 'any') return new Set(CADENCES);
  return new Set(typeof preference === 'string' ? [preference] : preference);
}

/**
 * The rhythm a pairing (or group) meets at: one every member accepts — the program's default when they all
 * accept it, otherwise the most frequent rhythm they all accept (weekly before every two weeks before monthly:
 * peers who both want to meet often should). Matching only pairs people with a common cadence; an admin's
 * override may not, and then the program default is used and the reason says so.
 */
export function chooseCadence(
  preferences: readonly CadencePreference[],
  programDefault: Cadence,
): CadenceChoice {
  const common = CADENCES.filter((c) => preferences.every((p) => accepted(p).has(c)));
  const choose = (cadence: Cadence, basis: CadenceChoice['reason']['data']['basis']): CadenceChoice => ({
    cadence,
    reason: { kind: 'cadence', data: { cadence, basis } },
  });
  if (common.includes(programDefault)) return choose(programDefault, 'program-default');
  const first = common[0];
  return first ? choose(first, 'shared-preference') : choose(programDefault, 'no-common-preference');
}
