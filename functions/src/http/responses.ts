import type { HttpResponseInit } from '@azure/functions';

import { type AppError, type ErrorKind } from '../errors';

const statusByKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  'payload-too-large': 413,
  throttled: 429,
  upstream: 502,
  unavailable: 503,
};

export function statusOf(kind: ErrorKind): number {
  return statusByKind[kind];
}

const securityHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponseInit {
  return { status, jsonBody: body, headers: { ...securityHeaders, ...headers } };
}

/** The one place an AppError becomes an HTTP response. */
export function toHttpResponse(error: AppError): HttpResponseInit {
  const headers: Record<string, string> = {};
  if (error.kind === 'unauthorized') {
    headers['www-authenticate'] =
      `Bearer error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`;
  }
  if (error.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(Math.ceil(error.retryAfterSeconds));
  }
  const body: { error: { code: string; message: string; details?: { path: string; issue: string }[] } } = {
    error: { code: error.code, message: error.message },
  };
  if (error.details.length > 0) body.error.details = error.details;
  return jsonResponse(statusOf(error.kind), body, headers);
}

/**
 * A response body that sends text as it is produced (UTF-8). With HTTP streams enabled (index.ts) the host passes
 * each chunk on at once, so a large export neither waits nor sits whole in memory.
 */
export function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
