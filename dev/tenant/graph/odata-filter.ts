/**
 * A small OData `$filter` parser for the directory queries Graph supports on users:
 * `eq`, `ne`, `ge`, `le`, `gt`, `lt`, `in`, `startswith(prop,'x')`, `not`, `and`, `or`, parentheses,
 * string / boolean / null / DateTimeOffset literals, and `/`-paths (onPremisesExtensionAttributes/extensionAttribute1).
 * For Outlook items also `contains(prop,'x')` and the lambda `collection/Any(v: …)` (extended property filters).
 */
export type FilterNode =
  | {
      kind: 'compare';
      op: 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt';
      path: string;
      value: Literal;
      exact?: boolean;
    }
  | { kind: 'in'; path: string; values: Literal[] }
  | { kind: 'startswith' | 'contains'; path: string; value: string }
  /** `collection/Any(v: <node over v/…>)`: true when some member satisfies the node (lambda operator). */
  | { kind: 'any'; path: string; variable: string; node: FilterNode }
  | { kind: 'not'; node: FilterNode }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode };

export type Literal = string | boolean | null | number | { dateTime: string };

export class FilterSyntaxError extends Error {}

type Token =
  | { t: 'ident'; v: string }
  | { t: 'string'; v: string }
  | { t: 'punct'; v: '(' | ')' | ',' }
  | { t: 'other'; v: string };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new FilterSyntaxError('Unterminated string literal.');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += text[i];
        i += 1;
      }
      out.push({ t: 'string', v: value });
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ t: 'punct', v: c });
      i += 1;
    } else {
      const m = /^[A-Za-z0-9_./:+\-@$]+/.exec(text.slice(i));
      if (!m) throw new FilterSyntaxError(`Syntax error at position ${i} in '${text}'.`);
      out.push(
        /^[A-Za-z_$@][A-Za-z0-9_./@$]*$/.test(m[0]) ? { t: 'ident', v: m[0] } : { t: 'other', v: m[0] },
      );
      i += m[0].length;
    }
  }
  return out;
}

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const next = (): Token => {
    const t = tokens[pos];
    if (!t) throw new FilterSyntaxError(`Syntax error: unexpected end of '${text}'.`);
    pos += 1;
    return t;
  };
  const expectPunct = (v: string): void => {
    const t = next();
    if (t.t !== 'punct' || t.v !== v)
      throw new FilterSyntaxError(`Syntax error: '${v}' expected in '${text}'.`);
  };
  const literal = (): Literal => {
    const t = next();
    if (t.t === 'string') return t.v;
    if (t.t === 'ident' || t.t === 'other') {
      if (t.v === 'true') return true;
      if (t.v === 'false') return false;
      if (t.v === 'null') return null;
      if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d\d:\d\d)?)?$/.test(t.v)) return { dateTime: t.v };
      if (/^-?\d+(\.\d+)?$/.test(t.v)) return Number(t.v);
    }
    throw new FilterSyntaxError(`Syntax error: a literal was expected in '${text}'.`);
  };
  const primary = (): FilterNode => {
    const t = next();
    if (t.t === 'punct' && t.v === '(') {
      const node = orExpr();
      expectPunct(')');
      return node;
    }
    if (t.t !== 'ident') throw new FilterSyntaxError(`Syntax error at '${t.v}' in '${text}'.`);
    if (t.v.toLowerCase() === 'not') return { kind: 'not', node: primary() };
    const fn = t.v.toLowerCase();
    if (fn === 'startswith' || fn === 'contains') {
      expectPunct('(');
      const prop = next();
      if (prop.t !== 'ident') throw new FilterSyntaxError(`${fn} expects a property name.`);
      expectPunct(',');
      const value = literal();
      expectPunct(')');
      if (typeof value !== 'string') throw new FilterSyntaxError(`${fn} expects a string literal.`);
      return { kind: fn, path: prop.v, value };
    }
    const lambda = /^(.+)\/any$/i.exec(t.v);
    if (lambda && peek()?.t === 'punct' && peek()?.v === '(') {
      next();
      // The variable comes as `ep:` (one token) or `ep :`.
      const head = next();
      // `ep:ep/id` arrives as one token: split it back into the variable and the path.
      const glued = /^([A-Za-z_]\w*):(.+)$/.exec(head.v);
      if (glued) {
        tokens.splice(pos, 0, { t: 'ident', v: glued[2] ?? '' });
        head.v = `${glued[1] ?? ''}:`;
      }
      let variable = head.v.endsWith(':') ? head.v.slice(0, -1) : head.v;
      if (!head.v.endsWith(':')) {
        const colon = next();
        if (colon.v !== ':')
          throw new FilterSyntaxError(`Syntax error: ':' expected after the lambda variable in '${text}'.`);
      }
      if (!/^[A-Za-z_]\w*$/.test(variable))
        throw new FilterSyntaxError(`Syntax error: bad lambda variable '${variable}'.`);
      variable = variable.toLowerCase();
      const node = orExpr();
      expectPunct(')');
      return { kind: 'any', path: lambda[1] ?? '', variable, node };
    }
    const op = next();
    if (op.t !== 'ident')
      throw new FilterSyntaxError(`Syntax error: an operator was expected after '${t.v}'.`);
    const o = op.v.toLowerCase();
    if (o === 'in') {
      expectPunct('(');
      const values: Literal[] = [literal()];
      while (peek()?.t === 'punct' && peek()?.v === ',') {
        next();
        values.push(literal());
      }
      expectPunct(')');
      return { kind: 'in', path: t.v, values };
    }
    if (o === 'eq' || o === 'ne' || o === 'ge' || o === 'le' || o === 'gt' || o === 'lt')
      return { kind: 'compare', op: o, path: t.v, value: literal() };
    throw new FilterSyntaxError(`Syntax error: unsupported operator '${op.v}'.`);
  };
  const andExpr = (): FilterNode => {
    let left = primary();
    while (peek()?.t === 'ident' && peek()?.v.toLowerCase() === 'and') {
      next();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (peek()?.t === 'ident' && peek()?.v.toLowerCase() === 'or') {
      next();
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  };
  const node = orExpr();
  if (pos !== tokens.length)
    throw new FilterSyntaxError(`Syntax error: unexpected '${tokens[pos]?.v ?? ''}' in '${text}'.`);
  return node;
}

/** Properties the node reads (for support checks) and whether it uses operators that need advanced queries. */
export function analyzeFilter(node: FilterNode): { paths: string[]; needsAdvanced: boolean } {
  const paths: string[] = [];
  let needsAdvanced = false;
  const walk = (n: FilterNode): void => {
    switch (n.kind) {
      case 'compare':
        paths.push(n.path);
        if (n.op === 'ne') needsAdvanced = true;
        break;
      case 'in':
      case 'startswith':
      case 'contains':
      case 'any':
        paths.push(n.path);
        break;
      case 'not':
        needsAdvanced = true;
        walk(n.node);
        break;
      case 'and':
      case 'or':
        walk(n.left);
        walk(n.right);
        break;
    }
  };
  walk(node);
  return { paths, needsAdvanced };
}

function read(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const part of path.split('/')) {
    if (!current || typeof current !== 'object') return undefined;
    const record = current as Record<string, unknown>;
    const key = Object.keys(record).find((k) => k.toLowerCase() === part.toLowerCase());
    current = key === undefined ? undefined : record[key];
  }
  return current;
}

function comparable(value: unknown, literal: Literal, exact = false): [unknown, unknown] {
  if (exact) return [value ?? null, literal];
  if (literal !== null && typeof literal === 'object')
    return [typeof value === 'string' ? Date.parse(value) : value, Date.parse(literal.dateTime)];
  if (typeof literal === 'string' && typeof value === 'string')
    return [value.toLowerCase(), literal.toLowerCase()];
  return [value ?? null, literal];
}

/** Evaluates a filter against an object; string comparisons are case-insensitive, as in the directory. */
export function evaluateFilter(node: FilterNode, obj: unknown): boolean {
  switch (node.kind) {
    case 'compare': {
      const [a, b] = comparable(read(obj, node.path), node.value, node.exact);
      switch (node.op) {
        case 'eq':
          return a === b;
        case 'ne':
          return a !== b;
        case 'ge':
          return a !== null && b !== null && (a as number) >= (b as number);
        case 'le':
          return a !== null && b !== null && (a as number) <= (b as number);
        case 'gt':
          return a !== null && b !== null && (a as number) > (b as number);
        case 'lt':
          return a !== null && b !== null && (a as number) < (b as number);
      }
      return false;
    }
    case 'in':
      return node.values.some((v) => {
        const [a, b] = comparable(read(obj, node.path), v);
        return a === b;
      });
    case 'startswith': {
      const value = read(obj, node.path);
      return typeof value === 'string' && value.toLowerCase().startsWith(node.value.toLowerCase());
    }
    case 'contains': {
      const value = read(obj, node.path);
      return typeof value === 'string' && value.toLowerCase().includes(node.value.toLowerCase());
    }
    case 'any': {
      const members = read(obj, node.path);
      return (
        Array.isArray(members) &&
        (members as unknown[]).some((m) => evaluateFilter(node.node, { [node.variable]: m }))
      );
    }
    case 'not':
      return !evaluateFilter(node.node, obj);
    case 'and':
      return evaluateFilter(node.left, obj) && evaluateFilter(node.right, obj);
    case 'or':
      return evaluateFilter(node.left, obj) || evaluateFilter(node.right, obj);
  }
}
