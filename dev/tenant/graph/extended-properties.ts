import { GraphHttpError } from '../http-types';

/**
 * Single-value extended properties (`singleValueLegacyExtendedProperty`, MAPI properties) on events, as
 * `api-reference/v1.0/resources/extended-properties-overview.md` and `singlevaluelegacyextendedproperty-get.md`
 * describe them: an id in one of three formats — `{type} {proptag}`, `{type} {guid} Name {name}`,
 * `{type} {guid} Id {hex id}` — and a string value. They are never returned unless asked for with
 * `$expand=singleValueExtendedProperties($filter=id eq '…')`.
 */
export interface ExtendedProperty {
  /** The id as the client wrote it (echoed back on $expand). */
  id: string;
  /** Matching key: type and GUID are case-insensitive, the string Name is case-sensitive (as the docs say). */
  key: string;
  value: string;
}

const SINGLE_TYPES = [
  'binary',
  'boolean',
  'currency',
  'clsid',
  'double',
  'integer',
  'long',
  'object',
  'short',
  'systemtime',
  'string',
  'single',
];
const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const NAMED = new RegExp(`^(\\w+) \\{?(${GUID})\\}? Name (.+)$`);
const BY_ID = new RegExp(`^(\\w+) \\{?(${GUID})\\}? Id (0x[0-9a-fA-F]{1,4}|\\d+)$`);
const TAGGED = /^(\w+) (0x[0-9a-fA-F]{4})$/;

/** The matching key of an id, or undefined when the id is in none of the documented formats. */
export function extendedPropertyKey(id: string): string | undefined {
  const named = NAMED.exec(id);
  if (named && SINGLE_TYPES.includes((named[1] ?? '').toLowerCase()))
    return `${(named[1] ?? '').toLowerCase()} {${(named[2] ?? '').toLowerCase()}} name ${named[3] ?? ''}`;
  const byId = BY_ID.exec(id);
  if (byId && SINGLE_TYPES.includes((byId[1] ?? '').toLowerCase()))
    return `${(byId[1] ?? '').toLowerCase()} {${(byId[2] ?? '').toLowerCase()}} id ${Number(byId[3]).toString(16)}`;
  const tagged = TAGGED.exec(id);
  if (tagged && SINGLE_TYPES.includes((tagged[1] ?? '').toLowerCase()))
    return `${(tagged[1] ?? '').toLowerCase()} ${(tagged[2] ?? '').toLowerCase()}`;
  return undefined;
}

function invalidProperty(message: string): GraphHttpError {
  // Graph does not document the code for a malformed extended property; Exchange answers ErrorInvalidProperty.
  return new GraphHttpError(400, 'ErrorInvalidProperty', message);
}

/** Reads `singleValueExtendedProperties` from a create/update body; a later entry with the same id replaces an earlier one. */
export function parseExtendedProperties(value: unknown): ExtendedProperty[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new GraphHttpError(
      400,
      'RequestBodyRead',
      "Cannot read 'singleValueExtendedProperties': a collection was expected.",
    );
  const out = new Map<string, ExtendedProperty>();
  for (const item of value) {
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw new GraphHttpError(
        400,
        'RequestBodyRead',
        'An extended property must be an object with id and value.',
      );
    const { id, value: v, ...rest } = item as Record<string, unknown>;
    for (const extra of Object.keys(rest)) {
      if (!extra.includes('@odata'))
        throw new GraphHttpError(
          400,
          'RequestBodyRead',
          `The property '${extra}' does not exist on type 'microsoft.graph.singleValueLegacyExtendedProperty'.`,
        );
    }
    if (typeof id !== 'string') throw invalidProperty('The extended property id is missing.');
    const key = extendedPropertyKey(id);
    if (!key) throw invalidProperty(`The extended property id '${id}' is not in a supported format.`);
    if (typeof v !== 'string') throw invalidProperty('The extended property value must be a string.');
    out.set(key, { id, key, value: v });
  }
  return [...out.values()];
}

/** Merges a PATCH's properties into the stored ones (same id → new value; others kept). */
export function mergeExtendedProperties(
  stored: readonly ExtendedProperty[],
  patch: readonly ExtendedProperty[],
): ExtendedProperty[] {
  const merged = new Map(stored.map((p) => [p.key, p]));
  for (const p of patch) merged.set(p.key, p);
  return [...merged.values()];
}

/**
 * `$expand=singleValueExtendedProperties($filter=id eq '…')` → the requested key; undefined when the request
 * expands nothing. Other `$expand` values on events are not modelled (400, so a test cannot pass by accident).
 */
export function expandedPropertyKey(raw: string | null): string | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const m = /^singleValueExtendedProperties\(\s*\$filter\s*=\s*id\s+eq\s+'((?:[^']|'')*)'\s*\)$/i.exec(
    raw.trim(),
  );
  if (!m)
    throw new GraphHttpError(
      400,
      'BadRequest',
      `Parsing OData Select and Expand failed: the simulator supports only singleValueExtendedProperties($filter=id eq '…') on events.`,
    );
  const id = (m[1] ?? '').replace(/''/g, "'");
  const key = extendedPropertyKey(id);
  if (!key) throw invalidProperty(`The extended property id '${id}' is not in a supported format.`);
  return key;
}

/** The properties as the filter evaluator sees them: `id` is the matching key, so the literal is compared as a key too. */
export function filterView(properties: readonly ExtendedProperty[]): Array<{ id: string; value: string }> {
  return properties.map((p) => ({ id: p.key, value: p.value }));
}
