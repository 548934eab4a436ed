import { type MyUnmatched } from '../../../functions/src/contracts/employee';
import { type I18n } from '../i18n/i18n';
import { en, type MessageKey } from '../i18n/messages-en';

/**
 * Why I was left out of a round, and what would help, in the second person. The most specific words the catalog
 * has win (reason and rule, then the reason); an unknown code reads "You were not placed in this round", never
 * the code. The server never sends someone's "not with" list as the rule, and the words never name a person.
 */
export function describeMyUnmatched(
  u: Pick<MyUnmatched, 'reason' | 'detail'>,
  i18n: I18n,
): { why: string; help: string } {
  const has = (key: string): key is MessageKey => Object.hasOwn(en, key);
  const candidates = [u.detail ? `myUnmatched.${u.reason}.${u.detail}` : null, `myUnmatched.${u.reason}`];
  const key = candidates.find((k): k is MessageKey => k !== null && has(k) && has(`${k}.help`));
  const chosen: MessageKey = key ?? 'myUnmatched.other';
  return { why: i18n.t(chosen), help: i18n.t(`${chosen}.help` as MessageKey) };
}
