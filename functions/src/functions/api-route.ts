import type { HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { type Deps } from '../domain/deps';
import { detail, invalid } from '../errors';
import { type HttpFunctionDefinition } from '../function-registry';
import { type Authenticator, type Principal, requireAdmin } from '../http/auth';
import { withErrors } from '../http/with-errors';

/** What the API handlers need: the token validator and the application's ports. */
export interface ApiServices {
  auth: Authenticator;
  deps: Deps;
}

export interface ApiCall {
  request: HttpRequest;
  context: InvocationContext;
  principal: Principal;
  deps: Deps;
}

/**
 * An authenticated API route: errors become typed JSON (withErrors), the bearer token is checked before anything
 * else (401), admin routes need the app role (403) — both before the input is even read.
 */
export function apiRoute(
  name: string,
  route: string,
  methods: HttpMethod[],
  services: () => ApiServices,
  options: { admin: boolean },
  handler: (call: ApiCall) => Promise<HttpResponseInit>,
): HttpFunctionDefinition {
  return {
    kind: 'http',
    name,
    route,
    methods,
    handler: withErrors(async (request, context) => {
      const { auth, deps } = services();
      const principal = await auth.authenticate(request);
      if (options.admin) requireAdmin(principal);
      return handler({ request, context, principal, deps });
    }),
  };
}

/** `If-Match` as sent (a quoted etag); undefined when absent. */
export function ifMatchOf(request: HttpRequest, required: boolean): string | undefined {
  const value = request.headers.get('if-match')?.trim();
  if (!value) {
    if (required)
      throw invalid('Send the If-Match header with the etag you read.', [
        detail('headers.if-match', 'header-required', 'Required', { header: 'If-Match' }),
      ]);
    return undefined;
  }
  if (value.length > 200)
    throw invalid('The If-Match header is not valid.', [
      detail('headers.if-match', 'header-too-long', 'Too long', { header: 'If-Match' }),
    ]);
  return value;
}

export function noContent(): HttpResponseInit {
  return { status: 204, headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } };
}
