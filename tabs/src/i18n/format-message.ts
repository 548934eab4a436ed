/**
 * A deliberately small ICU subset: `{name}` and `{count, plural, one {# thing} other {# things}}` (also `=0 {…}`).
 * Enough for the tab's strings without shipping a full message-format library in the employee bundle.
 */
export type MessageValues = Record<string, string | number>;

const PLURAL = /\{(\w+),\s*plural,\s*((?:[=\w]+\s*\{[^{}]*\}\s*)+)\}/g;
const BRANCH = /([=\w]+)\s*\{([^{}]*)\}/g;

export function formatMessage(template: string, values: MessageValues, locale: string): string {
  const rules = new Intl.PluralRules(locale);
  const withPlurals = template.replace(PLURAL, (_match, name: string, body: string) => {
    const raw = values[name];
    const n = typeof raw === 'number' ? raw : Number(raw);
    const branches = new Map<string, string>();
    for (const m of body.matchAll(BRANCH)) branches.set(m[1] ?? '', m[2] ?? '');
    const chosen = branches.get(`=${n}`) ?? branches.get(rules.select(n)) ?? branches.get('other') ?? '';
    return chosen.replace(/#/g, new Intl.NumberFormat(locale).format(n));
  });
  return withPlurals.replace(/\{(\w+)\}/g, (match, name: string) => {
    const v = values[name];
    if (v === undefined) return match;
    return typeof v === 'number' ? new Intl.NumberFormat(locale).format(v) : v;
  });
}
