import { type Attention } from '../../../functions/src/contracts/admin';
import { type PairingReason } from '../../../functions/src/contracts/common';
import { type I18n } from '../i18n/i18n';
import { en, type MessageKey } from '../i18n/messages-en';
import { languageNamer } from './languages';

/** Short, third-person reasons for the admin's round preview ("Across departments (Sales and R&D)"). */
export function describeReasonsForAdmin(
  reasons: readonly PairingReason[],
  members: readonly { userId: string; displayName: string }[],
  i18n: I18n,
): string[] {
  const { t } = i18n;
  const nameOf = (id: string): string => members.find((m) => m.userId === id)?.displayName ?? '—';
  const out: string[] = [];
  for (const r of reasons) {
    switch (r.kind) {
      case 'same-level':
        out.push(
          r.data.level
            ? t('adminReason.same-level', { level: r.data.level })
            : t('adminReason.same-level.unknown'),
        );
        break;
      case 'level-gap':
        out.push(t('adminReason.level-gap', { gap: r.data.gap }));
        break;
      case 'different-department':
        out.push(t('adminReason.different-department', { departments: i18n.formatList(r.data.departments) }));
        break;
      case 'shared-goal':
        out.push(
          t('adminReason.shared-goal', { goals: i18n.formatList(r.data.goals.map((g) => t(`kind.${g}`))) }),
        );
        break;
      case 'teaches':
        out.push(
          t('adminReason.teaches', {
            teacher: nameOf(r.data.teacherId),
            learner: nameOf(r.data.learnerId),
            topics: i18n.formatList(r.data.topics),
          }),
        );
        break;
      case 'overlap-hours':
        out.push(t('adminReason.overlap-hours', { hours: Math.round(r.data.hours * 10) / 10 }));
        break;
      case 'shared-language':
        out.push(
          t('adminReason.shared-language', {
            languages: i18n.formatList(r.data.languages.map(languageNamer(i18n.locale))),
          }),
        );
        break;
      case 'new-joiner-buddy':
        out.push(t('adminReason.new-joiner-buddy', { name: nameOf(r.data.newJoinerId) }));
        break;
      case 'fairness':
        out.push(t('adminReason.fairness', { names: i18n.formatList(r.data.userIds.map(nameOf)) }));
        break;
      case 'admin-override':
        out.push(t('adminReason.admin-override'));
        break;
      case 'cadence':
        out.push(
          t(`adminReason.cadence.${r.data.basis}`, { cadence: t(`cadence.inSentence.${r.data.cadence}`) }),
        );
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * Why a pairing needs an admin, in the admin's words: from the API's code and its numbers (`attentionReason` is the
 * same in English, for API clients). A code with its numbers reads its counted wording; without them, the plain one.
 */
export function describeAttention(attention: Attention, i18n: Pick<I18n, 't'>): string {
  const { code, params } = attention;
  if (code === 'calendars-full' && typeof params.usable === 'number' && typeof params.checked === 'number')
    return i18n.t('admin.rounds.attention.calendars-full.counted', {
      usable: params.usable,
      checked: params.checked,
    });
  if (code === 'graph-unavailable' && typeof params.hours === 'number')
    return i18n.t('admin.rounds.attention.graph-unavailable.counted', { hours: params.hours });
  return i18n.t(`admin.rounds.attention.${code}`);
}

/**
 * Why someone was left out of a round, in plain words for the admin. The round stores machine codes (reason and
 * the rule that excluded every candidate); an unknown code reads as "Not placed this round", never as the code.
 */
export function describeUnmatched(u: { reason: string; detail: string | null }, i18n: I18n): string {
  const { t } = i18n;
  const has = (key: string): key is MessageKey => Object.hasOwn(en, key);
  const specific = u.detail ? `adminUnmatched.${u.reason}.${u.detail}` : undefined;
  if (specific && has(specific)) return t(specific);
  const general = `adminUnmatched.${u.reason}`;
  return has(general) ? t(general) : t('adminUnmatched.other');
}

/**
 * How many people were left out for each reason, in the words of `describeUnmatched`, most common first: the API
 * counts by code (reason and rule), and codes the tab words alike become one line.
 */
export function unmatchedByReason(
  counted: readonly { reason: string; detail: string | null; count: number }[],
  i18n: I18n,
): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const u of counted) {
    const text = describeUnmatched(u, i18n);
    counts.set(text, (counts.get(text) ?? 0) + u.count);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * An audit entry's action in words ("Round published"); an action this tab does not know yet (a newer backend)
 * shows its code, which is still what the admin can search the log for.
 */
export function describeAuditAction(action: string, i18n: Pick<I18n, 't'>): string {
  const key = `admin.audit.action.${action}`;
  return Object.hasOwn(en, key) ? i18n.t(key as MessageKey) : action;
}
