import type { HttpRequest } from '@azure/functions';
import { type z } from 'zod';

import { issueOf } from '../contracts/issues';
import { AppError, detail, type ErrorDetail, invalid } from '../errors';

export const maxBodyBytes = 64 * 1024;

function toDetails(prefix: string, error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => {
    const { code, params } = issueOf(issue);
    return detail([prefix, ...issue.path.map(String)].join('.'), code, issue.message, params);
  });
}

/** Validates a value against a schema; failures become 400 with each offending field named. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, prefix: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw invalid(`The request ${prefix} is not valid.`, toDetails(prefix, result.error));
  }
  return result.data;
}

/** Reads and validates a JSON body: 413 over 64 KB, 400 for malformed JSON or a schema mismatch. */
export async function readJsonBody<T extends z.ZodType>(
  request: HttpRequest,
  schema: T,
): Promise<z.infer<T>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBodyBytes) {
    throw new AppError('payload-too-large', `The body is larger than ${maxBodyBytes} bytes.`, {
      code: 'payload_too_large',
    });
  }
  const text = await request.text();
  if (Buffer.byteLength(text, 'utf8') > maxBodyBytes) {
    throw new AppError('payload-too-large', `The body is larger than ${maxBodyBytes} bytes.`, {
      code: 'payload_too_large',
    });
  }
  let value: unknown;
  if (text.trim() === '') {
    value = undefined;
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      throw invalid('The request body is not valid JSON.', [
        detail('body', 'malformed-json', 'Malformed JSON'),
      ]);
    }
  }
  return parseWith(schema, value, 'body');
}

export function readParams<T extends z.ZodType>(request: HttpRequest, schema: T): z.infer<T> {
  return parseWith(schema, request.params, 'params');
}

export function readQuery<T extends z.ZodType>(request: HttpRequest, schema: T): z.infer<T> {
  return parseWith(schema, Object.fromEntries(request.query.entries()), 'query');
}
