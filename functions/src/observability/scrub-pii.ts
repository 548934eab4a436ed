/**
 * Removes personal data and credentials from text before it is logged. Logs leave the tenant boundary (Application
 * Insights retention, support exports), so nothing that identifies a person or grants access may reach them:
 * e-mail addresses/UPNs, bearer tokens, JWTs and credential-looking key/value pairs (client secrets, storage keys,
 * SAS signatures) in text; people's names by structure — personal fields by key (`scrubValue`), other systems'
 * messages not at all (names cannot be recognised by their shape).
 *
 * Ids (tenant, program, round, pairing, Entra object ids) are not scrubbed: they are pseudonymous and are what
 * makes a log line useful for correlation.
 */

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
// Local part per RFC 5322's common subset; also catches UPNs, which have the same shape. The lookbehind lets a
// match start only where a run of local-part characters starts, which keeps the scan linear on long text.
const EMAIL =
  /(?<![A-Za-z0-9.!#$%&'*+/=?^_`{|}~-])[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}/g;
// key=value or "key": "value" where the key names a credential.
const SECRET_PAIR =
  /\b(client_secret|clientSecret|client_assertion|assertion|password|AccountKey|SharedAccessKey|AccessKey|sig|refresh_token|access_token|id_token)(\s*["']?\s*[=:]\s*["']?)([^"'&;,\s}]+)/gi;

const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’-]*/gu;
const MAX_NAME_TOKENS = 4;

/** A set of people's names to scrub, matched case-insensitively on whole words (full names and their parts). */
export class KnownNames {
  private readonly sequences = new Set<string>();

  constructor(
    names: Iterable<string> = [],
    private readonly capacity = 100_000,
  ) {
    this.add(names);
  }

  /** Adds display names, given names or surnames. Oldest entries are dropped beyond the capacity. */
  add(names: Iterable<string>): void {
    for (const name of names) {
      const tokens = tokenize(name);
      if (tokens.length === 0) continue;
      this.remember(tokens.slice(0, MAX_NAME_TOKENS).join(' '));
      // Parts of a name identify a person in context ("Ana said…"); one-letter initials do not.
      for (const token of tokens) if (token.length >= 2) this.remember(token);
    }
  }

  get size(): number {
    return this.sequences.size;
  }

  has(sequence: string): boolean {
    return this.sequences.has(sequence);
  }

  private remember(sequence: string): void {
    if (this.sequences.has(sequence)) return;
    if (this.sequences.size >= this.capacity) {
      const oldest = this.sequences.values().next();
      if (!oldest.done) this.sequences.delete(oldest.value);
    }
    this.sequences.add(sequence);
  }
}

function tokenize(text: string): string[] {
  return Array.from(text.matchAll(WORD), (match) => match[0].toLocaleLowerCase('en'));
}

const noNames = new KnownNames();

export interface ScrubOptions {
  names?: KnownNames;
}

/**
 * There is no process-wide list of names: names are kept out of logs by structure (personal fields are redacted by
 * key, and text we did not write — another system's error message — is not logged at all). A list of names can
 * still be passed for text known to quote people.
 */
export function scrubPii(text: string, options: ScrubOptions = {}): string {
  const names = options.names ?? noNames;
  let result = text
    .replace(JWT, '[jwt]')
    .replace(BEARER, (_match, scheme: string) => `${scheme} [redacted]`)
    .replace(SECRET_PAIR, (_match, key: string, separator: string) => `${key}${separator}[redacted]`)
    .replace(EMAIL, '[email]');
  if (names.size > 0) result = scrubNames(result, names);
  return result;
}

function scrubNames(text: string, names: KnownNames): string {
  const words = Array.from(text.matchAll(WORD), (match) => ({
    start: match.index,
    end: match.index + match[0].length,
    lower: match[0].toLocaleLowerCase('en'),
  }));
  const cuts: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < words.length;) {
    let matched = 0;
    // Longest run of words, separated by whitespace only, that is a known name.
    for (let length = Math.min(MAX_NAME_TOKENS, words.length - i); length >= 1 && matched === 0; length--) {
      let sequence = words[i]!.lower;
      let contiguous = true;
      for (let k = 1; k < length; k++) {
        const gap = text.slice(words[i + k - 1]!.end, words[i + k]!.start);
        if (!/^\s+$/.test(gap)) {
          contiguous = false;
          break;
        }
        sequence += ` ${words[i + k]!.lower}`;
      }
      if (contiguous && names.has(sequence)) matched = length;
    }
    if (matched > 0) {
      cuts.push({ start: words[i]!.start, end: words[i + matched - 1]!.end });
      i += matched;
    } else {
      i += 1;
    }
  }
  let result = '';
  let position = 0;
  for (const cut of cuts) {
    result += `${text.slice(position, cut.start)}[name]`;
    position = cut.end;
  }
  return result + text.slice(position);
}

/** Log lines are for people and queries, not payloads: long strings are cut (before scrubbing, so it stays cheap). */
export const MAX_LOGGED_STRING = 8192;

export function truncate(text: string): string {
  return text.length > MAX_LOGGED_STRING ? `${text.slice(0, MAX_LOGGED_STRING)}…[truncated]` : text;
}

/**
 * Field names whose values are personal or secret whatever they contain: dropped, not scrubbed. Matched on the
 * whole key, and on the endings below (`organizerDisplayName`, `attendeeMail`, `emailAddress` of a Graph
 * recipient), so a Graph or Cosmos shape logged by mistake loses its names by its structure.
 */
const PERSONAL_KEY_ENDINGS = [
  'displayname',
  'givenname',
  'surname',
  'userprincipalname',
  'mail',
  'email',
  'emailaddress',
  'searchname',
  'previewtext',
];
const REDACTED_KEYS = new Set(
  [
    'authorization',
    'cookie',
    'token',
    'accessToken',
    'idToken',
    'refreshToken',
    'clientSecret',
    'password',
    'secret',
    'displayName',
    'givenName',
    'surname',
    'name',
    'mail',
    'email',
    'userPrincipalName',
    'upn',
    'comment',
    'body',
    'subject',
    'members',
    'notWith',
  ].map((key) => key.toLowerCase()),
);

function isPersonalKey(key: string): boolean {
  const lower = key.toLowerCase();
  return REDACTED_KEYS.has(lower) || PERSONAL_KEY_ENDINGS.some((ending) => lower.endsWith(ending));
}

/** Deep-scrubs a JSON-like value for logging: strings through scrubPii, personal/secret keys redacted, errors summarised. */
export function scrubValue(value: unknown, options: ScrubOptions = {}, depth = 0): unknown {
  if (depth > 6) return '[truncated]';
  if (typeof value === 'string') return scrubPii(truncate(value), options);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return summariseError(value, options, depth);
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => scrubValue(item, options, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    result[key] = isPersonalKey(key) ? '[redacted]' : scrubValue(item, options, depth + 1);
  }
  return result;
}

/** Text of another system (Graph, Cosmos, Node) may quote a person: it is not logged; name, code and status are. */
export const EXTERNAL_MESSAGE = '[message of another system, not logged]';

function summariseError(error: Error, options: ScrubOptions, depth: number): Record<string, unknown> {
  const fields = error as Error & { kind?: unknown; code?: unknown; statusCode?: unknown; status?: unknown };
  // Our typed errors (a `kind`, errors.ts) carry our own words; anything else carries someone else's.
  const ours = typeof fields.kind === 'string';
  const summary: Record<string, unknown> = {
    name: error.name,
    message: ours ? scrubPii(error.message, options) : EXTERNAL_MESSAGE,
  };
  if (typeof fields.kind === 'string') summary.kind = fields.kind;
  if (typeof fields.code === 'string' || typeof fields.code === 'number') summary.code = fields.code;
  const status = fields.statusCode ?? fields.status;
  if (typeof status === 'number') summary.status = status;
  // The stack's first line repeats the message: frames only.
  if (error.stack)
    summary.stack = scrubPii(
      error.stack
        .split('\n')
        .filter((line) => line.trimStart().startsWith('at '))
        .slice(0, 8)
        .join('\n'),
      options,
    );
  if (error.cause !== undefined) summary.cause = scrubValue(error.cause, options, depth + 1);
  return summary;
}
