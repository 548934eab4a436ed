import { type HttpFunctionDefinition } from '../../functions/src/function-registry';

/**
 * Matches request paths against Azure Functions route templates the way the host does for the templates we use:
 * literal segments (case-insensitive), `{name}` parameters, `{name?}` optional trailing parameters and a
 * `{*rest}` catch-all.
 */
interface Segment {
  literal?: string;
  param?: string;
  optional?: boolean;
  catchAll?: boolean;
}

export interface CompiledRoute {
  definition: HttpFunctionDefinition;
  segments: Segment[];
}

export interface RouteMatch {
  definition: HttpFunctionDefinition;
  params: Record<string, string>;
}

function compileSegment(raw: string): Segment {
  const param = /^\{(\*?)([A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?(\?)?\}$/.exec(raw);
  if (!param) return { literal: raw.toLowerCase() };
  return { param: param[2] ?? '', catchAll: param[1] === '*', optional: param[3] === '?' };
}

export function compileRoutes(definitions: HttpFunctionDefinition[]): CompiledRoute[] {
  const compiled = definitions.map((definition) => ({
    definition,
    segments: definition.route
      .split('/')
      .filter((s) => s.length > 0)
      .map(compileSegment),
  }));
  // Literal segments win over parameters, as in ASP.NET routing: `programs/stats` before `programs/{id}`.
  const rank = (route: CompiledRoute) =>
    route.segments.map((s) => (s.literal !== undefined ? '0' : s.catchAll ? '2' : '1')).join('');
  return compiled.sort((a, b) => rank(a).localeCompare(rank(b)) || b.segments.length - a.segments.length);
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i];
    if (segment.catchAll) {
      params[segment.param!] = parts.slice(i).join('/');
      return params;
    }
    if (part === undefined) {
      if (segment.optional) continue;
      return undefined;
    }
    if (segment.literal !== undefined) {
      if (segment.literal !== part.toLowerCase()) return undefined;
    } else {
      params[segment.param!] = part;
    }
  }
  return parts.length <= segments.length ? params : undefined;
}

export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  path: string,
): RouteMatch | 'method-not-allowed' | undefined {
  let decoded: string[];
  try {
    decoded = path
      .split('/')
      .filter((s) => s.length > 0)
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  let pathMatched = false;
  for (const route of routes) {
    const params = matchSegments(route.segments, decoded);
    if (!params) continue;
    pathMatched = true;
    if (route.definition.methods.includes(method.toUpperCase() as never))
      return { definition: route.definition, params };
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}
