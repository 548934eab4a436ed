import { type RoundSummary } from '../../../functions/src/contracts/admin';
import { type I18n } from '../i18n/i18n';

/**
 * A round as people name it: "Round 3 · 7 Dec – 26 Feb" once published (its number among the program's published
 * rounds), "Draft · 7 Dec – 26 Feb" before; never the stored round key.
 */
export function roundTitle(
  round: Pick<RoundSummary, 'number' | 'status' | 'startsOn' | 'endsOn'>,
  i18n: I18n,
): string {
  const dates = i18n.formatDayRange(round.startsOn, round.endsOn);
  return round.number !== null
    ? i18n.t('admin.rounds.title', { number: round.number, dates })
    : i18n.t('admin.rounds.titleUnnumbered', {
        status: i18n.t(`admin.rounds.status.${round.status}`),
        dates,
      });
}
