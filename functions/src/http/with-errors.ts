import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { AppError, ensureError, isAppError } from '../errors';
import { type HttpFunctionHandler } from '../function-registry';
import { createLogger } from '../observability';
import { toHttpResponse } from './responses';

/** The cause's name and code only (e.g. `TimeoutError/ETIMEDOUT`, a Cosmos status): never its message. */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return '';
  const code = (cause as { code?: unknown }).code;
  const codeText = typeof code === 'string' || typeof code === 'number' ? `/${String(code)}` : '';
  return `${cause.name}${codeText}`;
}

/**
 * Wraps a handler so that every failure becomes a typed JSON error. Unknown errors are logged by name only
 * (their messages may carry upstream text with personal data) and answered with a generic 500.
 */
export function withErrors(handler: HttpFunctionHandler): HttpFunctionHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      return await handler(request, context);
    } catch (e) {
      const error = ensureError(e);
      const log = createLogger(context, { correlation: { operation: context.functionName } });
      if (isAppError(error)) {
        if (error.kind === 'upstream' || error.kind === 'unavailable') {
          log.warn('request failed', {
            kind: error.kind,
            code: error.code,
            cause: describeCause(error.cause),
          });
        }
        return toHttpResponse(error);
      }
      log.error('unhandled error', error, { invocationId: context.invocationId });
      return toHttpResponse(
        new AppError('upstream', 'Something went wrong on our side. Try again shortly.', {
          code: 'internal_error',
        }),
      );
    }
  };
}
