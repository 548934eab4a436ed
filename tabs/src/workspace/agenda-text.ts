import {
  type ArcStep,
  type SuggestedAgendaItem,
  type WorkspaceView,
} from '../../../functions/src/contracts/workspace';
import { type I18n } from '../i18n/i18n';
import { type MessageKey } from '../i18n/messages-en';

const ARC_TEXT: Readonly<Record<ArcStep, MessageKey>> = {
  'onboarding.first-days': 'workspace.agenda.arc.onboarding.first-days',
  'onboarding.tools': 'workspace.agenda.arc.onboarding.tools',
  'onboarding.people': 'workspace.agenda.arc.onboarding.people',
  'onboarding.unwritten-rules': 'workspace.agenda.arc.onboarding.unwritten-rules',
  'onboarding.first-contribution': 'workspace.agenda.arc.onboarding.first-contribution',
  'learning.pick-topic': 'workspace.agenda.arc.learning.pick-topic',
  'learning.explain-back': 'workspace.agenda.arc.learning.explain-back',
  'remote.off-topic': 'workspace.agenda.arc.remote.off-topic',
  'remote.how-we-work': 'workspace.agenda.arc.remote.how-we-work',
  'accountability.commitments': 'workspace.agenda.arc.accountability.commitments',
  'accountability.obstacles': 'workspace.agenda.arc.accountability.obstacles',
  'network.introduce-someone': 'workspace.agenda.arc.network.introduce-someone',
  'network.map-contacts': 'workspace.agenda.arc.network.map-contacts',
};

const KNOWN_GOALS = new Set([
  'collaborative-learning',
  'onboarding-buddy',
  'remote-connection',
  'project-accountability',
  'network-building',
]);

/**
 * A suggested agenda item in the reader's words, from their side ("you" and the peer's name); null for an item
 * kind (or arc step) this tab does not know, which is skipped rather than shown raw.
 */
export function describeAgendaItem(
  item: SuggestedAgendaItem,
  meId: string,
  members: WorkspaceView['members'],
  i18n: I18n,
): string | null {
  const { t } = i18n;
  const nameOf = (id: string): string => members.find((m) => m.userId === id)?.displayName ?? t('app.name');
  switch (item.kind) {
    case 'introductions':
    case 'set-goals':
    case 'next-steps':
    case 'look-back':
      return t(`workspace.agenda.${item.kind}`);
    case 'review-goals':
      return t('workspace.agenda.review-goals', { goals: item.data.goals });
    case 'shared-goal':
      return KNOWN_GOALS.has(item.data.goal)
        ? t('workspace.agenda.shared-goal', { goal: t(`goal.${item.data.goal}`) })
        : null;
    case 'teach': {
      const { teacherId, learnerId, topic } = item.data;
      if (teacherId === meId) return t('workspace.agenda.teach.byMe', { topic, learner: nameOf(learnerId) });
      if (learnerId === meId) return t('workspace.agenda.teach.toMe', { topic, teacher: nameOf(teacherId) });
      return t('workspace.agenda.teach.others', {
        topic,
        teacher: nameOf(teacherId),
        learner: nameOf(learnerId),
      });
    }
    case 'arc': {
      const key = Object.hasOwn(ARC_TEXT, item.data.step) ? ARC_TEXT[item.data.step] : undefined;
      return key ? t(key) : null;
    }
    default:
      return null;
  }
}

/**
 * The agenda of a session as lines of text. `side: 'mine'` words it for me ("You share Go with Ada"), for the list;
 * `side: 'shared'` names everyone ("Grace shares Go with Ada"), for the editor: what I save is read by my peer too,
 * and "you" would then point at the wrong person.
 */
export function agendaLines(
  agenda: WorkspaceView['sessions'][number]['agenda'],
  meId: string,
  members: WorkspaceView['members'],
  i18n: I18n,
  side: 'mine' | 'shared' = 'mine',
): string[] {
  if (agenda.source === 'edited') return agenda.items;
  const reader = side === 'mine' ? meId : '';
  return agenda.items
    .map((item) => describeAgendaItem(item, reader, members, i18n))
    .filter((line): line is string => line !== null);
}
