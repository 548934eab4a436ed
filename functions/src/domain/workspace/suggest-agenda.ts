import { type PairingReason, type ProgramKind } from '../../contracts/common';
import { type ArcStep, MAX_AGENDA_ITEMS, type SuggestedAgendaItem } from '../../contracts/workspace';

/**
 * The suggested agenda of one session, built from what the pair has in common and in complement — the reasons the
 * matching gave (shared goals, topics one shares and the other wants to learn, a new joiner and a buddy) — the
 * program's kind and where the session sits in the round. Pure and deterministic: the same pairing, session and
 * number of goals always give the same agenda, so both members see the same suggestion without storing it.
 */
export interface AgendaInput {
  kind: ProgramKind;
  /** 1-based. */
  session: number;
  sessions: number;
  reasons: readonly PairingReason[];
  /** Shared goals the pair has set in the workspace so far. */
  goals: number;
}

/** A new joiner's first weeks, spread over the round whatever its length (docs/workspace.md). */
const ONBOARDING_ARC: readonly ArcStep[] = [
  'onboarding.first-days',
  'onboarding.tools',
  'onboarding.people',
  'onboarding.unwritten-rules',
  'onboarding.first-contribution',
];

interface Teaching {
  teacherId: string;
  learnerId: string;
  topic: string;
}

/**
 * Every (teacher, learner, topic) the pairing's reasons name, taking the directions in turn — A's first topic for
 * B, B's first for A, A's second … — so a pair that teaches both ways alternates from session to session.
 */
export function teachingsOf(reasons: readonly PairingReason[]): Teaching[] {
  const lists = reasons.flatMap((r) =>
    r.kind === 'teaches'
      ? [r.data.topics.map((topic) => ({ teacherId: r.data.teacherId, learnerId: r.data.learnerId, topic }))]
      : [],
  );
  const out: Teaching[] = [];
  for (let i = 0; lists.some((list) => i < list.length); i++)
    for (const list of lists) {
      const item = list[i];
      if (item) out.push(item);
    }
  return out;
}

/** The onboarding step of a session: the arc stretched over the round, first step first, last step last. */
function onboardingStep(session: number, sessions: number): ArcStep {
  const last = ONBOARDING_ARC.length - 1;
  const index = sessions <= 1 ? 0 : Math.round(((session - 1) * last) / (sessions - 1));
  return ONBOARDING_ARC[Math.min(index, last)]!;
}

function arcSteps(
  kind: ProgramKind,
  buddy: boolean,
  first: boolean,
  last: boolean,
  session: number,
  sessions: number,
) {
  if (kind === 'onboarding-buddy' || buddy) return [onboardingStep(session, sessions)];
  switch (kind) {
    case 'collaborative-learning':
      if (first) return ['learning.pick-topic' as const];
      return last
        ? ['learning.explain-back' as const]
        : (['learning.explain-back', 'learning.pick-topic'] as const);
    case 'remote-connection':
      return first ? (['remote.off-topic', 'remote.how-we-work'] as const) : ['remote.off-topic' as const];
    case 'project-accountability':
      return first
        ? ['accountability.obstacles' as const]
        : (['accountability.commitments', 'accountability.obstacles'] as const);
    case 'network-building':
      return first ? ['network.map-contacts' as const] : ['network.introduce-someone' as const];
  }
}

export function suggestAgenda(input: AgendaInput): SuggestedAgendaItem[] {
  const { kind, session, sessions, reasons, goals } = input;
  const first = session === 1;
  const last = session >= sessions && sessions > 1;
  const buddy = reasons.some((r) => r.kind === 'new-joiner-buddy');
  const items: SuggestedAgendaItem[] = [];
  const arc = (step: ArcStep): SuggestedAgendaItem => ({ kind: 'arc', data: { step } });

  if (first) items.push({ kind: 'introductions', data: {} });
  const steps = arcSteps(kind, buddy, first, last, session, sessions);
  // Small talk opens a remote pair's session; the rest of the arc follows the goals' check-in.
  const [warmUp, ...rest] = kind === 'remote-connection' && !buddy ? steps : [undefined, ...steps];
  if (warmUp) items.push(arc(warmUp));
  if (!first && goals > 0) items.push({ kind: 'review-goals', data: { goals } });
  for (const step of rest) if (step) items.push(arc(step));
  if (first)
    for (const goal of reasons.flatMap((r) => (r.kind === 'shared-goal' ? r.data.goals : [])).slice(0, 2))
      items.push({ kind: 'shared-goal', data: { goal } });
  const teachings = teachingsOf(reasons);
  const teaching = teachings[(session - 1) % Math.max(teachings.length, 1)];
  if (teaching) items.push({ kind: 'teach', data: teaching });
  if (goals === 0 && !last) items.push({ kind: 'set-goals', data: {} });
  items.push(last ? { kind: 'look-back', data: {} } : { kind: 'next-steps', data: {} });
  return items.slice(0, MAX_AGENDA_ITEMS);
}
