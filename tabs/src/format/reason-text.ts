import { type PairingReason } from '../../../functions/src/contracts/common';
import { type PersonProfile } from '../../../functions/src/contracts/employee';
import { type I18n } from '../i18n/i18n';
import { languageNamer } from './languages';

const KNOWN_GOALS = new Set([
  'collaborative-learning',
  'onboarding-buddy',
  'remote-connection',
  'project-accountability',
  'network-building',
]);

/**
 * Why two people were paired (or a group formed), in plain words, from the viewer's side ("you" and the peers'
 * names). Kinds this tab does not know are skipped, never shown raw (docs/api.md).
 */
export function describeReasons(
  reasons: readonly PairingReason[],
  meId: string,
  peers: readonly PersonProfile[],
  i18n: I18n,
): string[] {
  const { t } = i18n;
  const nameOf = (id: string): string => peers.find((p) => p.userId === id)?.displayName ?? t('app.name');
  const peerNames = i18n.formatList(peers.map((p) => p.displayName));
  const languageNames = languageNamer(i18n.locale);
  // With two or more peers (a triad, a circle) what "you both" share is what "you all" share.
  const group = peers.length > 1 ? '.group' : '';
  const out: string[] = [];
  for (const reason of reasons as readonly { kind: string; data: unknown }[]) {
    const r = reason as PairingReason;
    switch (r.kind) {
      case 'same-level':
        out.push(
          r.data.level
            ? t(`reason.same-level${group}`, { level: r.data.level })
            : t(`reason.same-level.unknown${group}`),
        );
        break;
      case 'level-gap':
        out.push(t('reason.level-gap', { gap: r.data.gap }));
        break;
      case 'different-department':
        if (r.data.departments.length > 0)
          out.push(t('reason.different-department', { departments: i18n.formatList(r.data.departments) }));
        break;
      case 'shared-goal': {
        const goals = r.data.goals.filter((g) => KNOWN_GOALS.has(g)).map((g) => t(`goal.${g}`));
        if (goals.length > 0) out.push(t(`reason.shared-goal${group}`, { goals: i18n.formatList(goals) }));
        break;
      }
      case 'teaches': {
        const topics = i18n.formatList(r.data.topics);
        if (r.data.teacherId === meId)
          out.push(t('reason.teaches.you', { topics, peer: nameOf(r.data.learnerId) }));
        else if (r.data.learnerId === meId)
          out.push(t('reason.teaches.peer', { topics, peer: nameOf(r.data.teacherId) }));
        else
          out.push(
            t('reason.teaches.others', {
              topics,
              teacher: nameOf(r.data.teacherId),
              learner: nameOf(r.data.learnerId),
            }),
          );
        break;
      }
      case 'overlap-hours':
        out.push(t('reason.overlap-hours', { hours: Math.round(r.data.hours * 10) / 10 }));
        break;
      case 'shared-language':
        if (r.data.languages.length > 0) {
          out.push(
            t(`reason.shared-language${group}`, {
              languages: i18n.formatList(r.data.languages.map((l) => languageNames(l))),
            }),
          );
        }
        break;
      case 'new-joiner-buddy':
        out.push(
          r.data.newJoinerId === meId
            ? t('reason.new-joiner-buddy.you', { peer: peerNames })
            : t('reason.new-joiner-buddy.peer', { peer: nameOf(r.data.newJoinerId) }),
        );
        break;
      case 'fairness': {
        const others = r.data.userIds.filter((id) => id !== meId);
        if (r.data.userIds.includes(meId)) out.push(t('reason.fairness.you'));
        else if (others.length > 0)
          out.push(t('reason.fairness.peer', { peer: i18n.formatList(others.map(nameOf)) }));
        break;
      }
      case 'admin-override':
        out.push(t('reason.admin-override'));
        break;
      case 'cadence':
        out.push(t(`reason.cadence.${r.data.basis}`, { cadence: t(`cadence.inSentence.${r.data.cadence}`) }));
        break;
      default:
        break;
    }
  }
  return out;
}
