import { type GraphHttpRequest, type GraphHttpResponse, type GraphTransport } from '../graph-http';
import { isOutlookPath } from '../outlook-gate';

/** A handler for one (non-batch) Graph request in a fake. */
export type FakeHandler = (request: GraphHttpRequest) => GraphHttpResponse | Promise<GraphHttpResponse>;

export interface FakeGraph {
  transport: GraphTransport;
  /** Every HTTP request that reached the fake (a `$batch` counts once). */
  httpRequests: GraphHttpRequest[];
  /** Every logical request (sub-requests of batches included). */
  logicalRequests: GraphHttpRequest[];
  maxInFlightByMailbox: Map<string, number>;
  /** The most Outlook requests (calendar, mailbox settings, photos) executing at once, across every mailbox. */
  maxOutlookInFlight: () => number;
}

export const json = (
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): GraphHttpResponse => ({ status, headers, body });

/**
 * A plain fake of Graph's HTTP surface for unit tests: `$batch` is unpacked into the handler as Graph does
 * (each sub-request evaluated on its own, answered in a 200 with per-request statuses). Not a simulator: the
 * tenant simulator is used by the integration tests.
 */
export function fakeGraph(handler: FakeHandler, options: { delayMs?: number } = {}): FakeGraph {
  const httpRequests: GraphHttpRequest[] = [];
  const logicalRequests: GraphHttpRequest[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlightByMailbox = new Map<string, number>();
  let outlook = 0;
  let maxOutlook = 0;
  const track = async (request: GraphHttpRequest): Promise<GraphHttpResponse> => {
    logicalRequests.push(request);
    const isOutlook = isOutlookPath(request.path);
    if (isOutlook) maxOutlook = Math.max(maxOutlook, ++outlook);
    const mailbox = /^\/users\/([^/?]+)/.exec(request.path)?.[1] ?? '';
    inFlight.set(mailbox, (inFlight.get(mailbox) ?? 0) + 1);
    maxInFlightByMailbox.set(
      mailbox,
      Math.max(maxInFlightByMailbox.get(mailbox) ?? 0, inFlight.get(mailbox) ?? 0),
    );
    try {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      return await handler(request);
    } finally {
      inFlight.set(mailbox, (inFlight.get(mailbox) ?? 1) - 1);
      if (isOutlook) outlook -= 1;
    }
  };
  const transport: GraphTransport = async (request) => {
    httpRequests.push(request);
    if (request.path !== '/$batch') return track(request);
    const { requests } = request.body as {
      requests: Array<{
        id: string;
        method: GraphHttpRequest['method'];
        url: string;
        headers?: Record<string, string>;
        body?: unknown;
      }>;
    };
    if (requests.length > 20)
      return json(400, { error: { code: 'BadRequest', message: 'Too many requests in batch' } });
    // Graph runs a batch's requests four at a time (throttling-limits.md, "Outlook service limits for JSON batching").
    const responses: Array<{ id: string; status: number; headers: Record<string, string>; body: unknown }> =
      [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(4, requests.length) }, async () => {
        while (next < requests.length) {
          const r = requests[next++]!;
          const response = await track({
            method: r.method,
            path: r.url,
            ...(r.headers ? { headers: r.headers } : {}),
            body: r.body,
          });
          responses.push({
            id: r.id,
            status: response.status,
            headers: response.headers,
            body: response.body,
          });
        }
      }),
    );
    // Graph does not promise the order of batch responses.
    return json(200, { responses: responses.reverse() });
  };
  return {
    transport,
    httpRequests,
    logicalRequests,
    maxInFlightByMailbox,
    maxOutlookInFlight: () => maxOutlook,
  };
}
