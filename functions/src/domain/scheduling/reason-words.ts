import { type PairingReason } from '../../contracts/common';

/**
 * The invitation's "Why you two" lines, rendered from the contract's reasons (the same structured reasons the tab
 * renders for the pair). `names` maps member ids to display names. Reasons a pair should not read (an admin's
 * override) or that this version does not know are left out, never shown raw.
 */
export function reasonWords(reason: PairingReason, names: ReadonlyMap<string, string>): string | undefined {
  const name = (id: string): string => names.get(id) ?? 'one of you';
  const group = names.size > 2;
  const cadence = { weekly: 'every week', biweekly: 'every two weeks', monthly: 'once a month' };
  switch (reason.kind) {
    case 'same-level':
      return 'You are at a similar level, so you can speak as peers.';
    case 'level-gap':
      return 'You are close in level, so you can speak as peers.';
    case 'different-department':
      return reason.data.departments.length > 1
        ? `You work in different departments (${listWords(reason.data.departments)}).`
        : 'You work in different departments and can show each other how the rest of the company works.';
    case 'shared-goal':
      return `You share goals: ${reason.data.goals.map((g) => g.replace(/-/g, ' ')).join(', ')}.`;
    case 'teaches':
      return `${name(reason.data.teacherId)} can share what ${name(reason.data.learnerId)} wants to learn: ${reason.data.topics.join(', ')}.`;
    case 'overlap-hours':
      return `Your working hours overlap by about ${Math.round(reason.data.hours)} hours.`;
    case 'shared-language':
      return `You share a language: ${reason.data.languages.join(', ')}.`;
    case 'new-joiner-buddy':
      return `${name(reason.data.newJoinerId)} is new here and the ${group ? 'others know' : 'other knows'} the ropes.`;
    case 'fairness':
      return 'One of you was not paired last round, so you came first this time.';
    case 'cadence': {
      const when = cadence[reason.data.cadence];
      const you = group ? 'you all' : 'you both';
      if (reason.data.basis === 'program-default')
        return `You meet ${when}, the program's rhythm, which ${you} accept.`;
      if (reason.data.basis === 'shared-preference') return `You meet ${when}, the rhythm ${you} chose.`;
      return `You meet ${when}, the program's rhythm.`;
    }
    default:
      return undefined;
  }
}

/** "A", "A and B", "A, B and C". */
export function listWords(words: readonly string[]): string {
  const last = words[words.length - 1] ?? '';
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${last}` : last;
}
