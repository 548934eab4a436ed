/**
 * The one way the calendar adapters reach Graph: a tiny transport port (request → status, headers, JSON body).
 *
 * Why not `@microsoft/microsoft-graph-client`'s `Client` here: its default chain retries 429/503/504 itself
 * (3 tries, its own delays), outside our retry budget and invisible to our per-mailbox limiter, and it cannot
 * see 429s inside a 200 `$batch` anyway; we need the raw status and `Retry-After` of every outer and inner
 * response. So the adapters speak plain HTTP with the app-only token from `GraphAccess.acquireToken` — the
 * same credential and authority configuration as the SDK client, and the same `GRAPH_BASE_URL`.
 */

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphHttpRequest {
  method: GraphMethod;
  /** Path under the version root, starting with `/`: `/users/{id}/events?$select=id`. */
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GraphHttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

/** Sends one HTTP request to Graph. Network failures and timeouts reject with `GraphTransportError`. */
export type GraphTransport = (request: GraphHttpRequest) => Promise<GraphHttpResponse>;

export class GraphTransportError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'network',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GraphTransportError';
  }
}

export interface FetchTransportOptions {
  /** `GRAPH_BASE_URL` (origin; `/v1.0` is added). */
  baseUrl: string;
  /** App-only bearer token for the tenant (e.g. `() => graphAccess.acquireToken(tenantId)`). */
  getToken: () => Promise<string>;
  /** Per-request timeout; a timed-out request is retried like a 504. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function lowerCaseHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

export function createFetchTransport(options: FetchTransportOptions): GraphTransport {
  const root = `${new URL(options.baseUrl).origin}/v1.0`;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return async (request) => {
    const token = await options.getToken();
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...request.headers,
    };
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${root}${request.path}`, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The body is read under the same timeout: a connection dropped mid-body is a transport failure too.
      text = await response.text();
    } catch (e) {
      // Checked by name: the abort reason is a DOMException, not always an `Error` of this realm.
      const name = typeof e === 'object' && e !== null && 'name' in e ? e.name : undefined;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw new GraphTransportError(
        timedOut ? 'Graph request timed out' : 'Graph request failed',
        timedOut ? 'timeout' : 'network',
        { cause: e },
      );
    }
    let parsed: unknown;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { raw: text.slice(0, 200) };
      }
    }
    return { status: response.status, headers: lowerCaseHeaders(response.headers), body: parsed };
  };
}

/** Graph's error body `{ error: { code, message } }`, read defensively. */
export function graphErrorOf(body: unknown): { code: string; message: string } {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error?: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      return {
        code: typeof code === 'string' ? code : 'unknown',
        message: typeof message === 'string' ? message : '',
      };
    }
  }
  return { code: 'unknown', message: '' };
}

/** The mailbox a request's throttling bucket belongs to: the `{id|upn}` after `/users/`. */
export function mailboxOfPath(path: string): string | undefined {
  const match = /^\/users\/([^/?]+)/i.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]).toLowerCase() : undefined;
}
