import { randomUUID } from 'node:crypto';

/** A request as the simulator's handlers see it: used for real HTTP requests and for the inner requests of $batch. */
export interface SimRequest {
  method: string;
  /** Path without the query string, e.g. `/v1.0/users/abc`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body (or the form fields for form posts); undefined when there is none. */
  body: unknown;
  rawBody: string;
  /** The origin the client used (`https://127.0.0.1:7443`): issuers and nextLinks are built from it. */
  origin: string;
  remoteAddress: string;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /** An object is sent as JSON; a string or a Buffer (binary, e.g. a photo) as is; undefined as an empty body. */
  body?: unknown;
  /** Close the connection without answering (an injected timeout). */
  dropConnection?: boolean;
}

export const graphJsonType =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'Content-Type': graphJsonType, ...headers }, body };
}

/** Graph's error body: `{"error":{"code","message","innerError":{date,request-id,client-request-id}}}`. */
export function graphError(
  status: number,
  code: string,
  message: string,
  req?: Pick<SimRequest, 'headers'>,
  headers: Record<string, string> = {},
): SimResponse {
  const requestId = randomUUID();
  return json(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': requestId,
          'client-request-id': req?.headers['client-request-id'] ?? requestId,
        },
      },
    },
    headers,
  );
}

export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
