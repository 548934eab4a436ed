import { type z } from 'zod';

import { ErrorBodySchema } from '../../../functions/src/contracts/common';
import { type ErrorDetail } from '../../../functions/src/contracts/issues';

export type ApiErrorKind =
  | 'network'
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'throttled'
  | 'server'
  | 'bad-response';

/** Every failed API call ends as one of these; pages turn `kind` into a localised message and a retry. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface HttpDeps {
  /** Called per request: the host caches tokens (Teams asks callers not to keep them). */
  getToken: () => Promise<string>;
  fetch: typeof fetch;
  baseUrl?: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
}

function kindOf(status: number): ApiErrorKind {
  if (status === 400 || status === 413) return 'invalid';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'throttled';
  return 'server';
}

async function send(deps: HttpDeps, path: string, options: RequestOptions): Promise<Response> {
  const url = new URL(`${deps.baseUrl ?? ''}/api/${path}`, window.location.origin);
  for (const [k, v] of Object.entries(options.query ?? {}))
    if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  const token = await deps.getToken();
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    accept: 'application/json',
    ...options.headers,
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await deps.fetch(url.toString(), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (e) {
    throw new ApiError('network', 0, e instanceof Error ? e.message : 'network error');
  }
  if (!response.ok) {
    const raw: unknown = await response.json().catch(() => null);
    const parsed = ErrorBodySchema.safeParse(raw);
    throw new ApiError(
      kindOf(response.status),
      response.status,
      parsed.success ? parsed.data.error.message : `HTTP ${response.status}`,
      parsed.success ? (parsed.data.error.details ?? []) : [],
    );
  }
  return response;
}

/** A JSON call whose answer is checked against the contract schema (a boundary: validate, then trust). */
export async function requestJson<S extends z.ZodType>(
  deps: HttpDeps,
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const response = await send(deps, path, options);
  const parsed = schema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new ApiError('bad-response', response.status, `Unexpected answer from ${path}`);
  return parsed.data;
}

export async function requestNoContent(
  deps: HttpDeps,
  path: string,
  options: RequestOptions = {},
): Promise<void> {
  await send(deps, path, options);
}

export async function requestBlob(deps: HttpDeps, path: string, options: RequestOptions = {}): Promise<Blob> {
  const response = await send(deps, path, options);
  return response.blob();
}
