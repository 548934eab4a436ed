import { z } from 'zod';

import {
  type GraphHttpRequest,
  type GraphHttpResponse,
  type GraphTransport,
  GraphTransportError,
  mailboxOfPath,
} from './graph-http';
import { type Lane, openLane, OutlookGate, outlookSlots } from './outlook-gate';
import {
  defaultRetryEnvironment,
  isRetryableStatus,
  parseRetryAfter,
  RetryBudget,
  retryDelayMs,
  type RetryEnvironment,
  type RetryPolicy,
  sendWithRetry,
} from './retry-policy';

/** A request with a caller-chosen id, for `sendMany`. */
export interface GraphCall extends GraphHttpRequest {
  id: string;
}

export type GraphOutcome = GraphHttpResponse | GraphTransportError;

export interface GraphGatewayOptions {
  /** The tenant's Outlook concurrency in this process (shared by every gateway of the tenant). */
  gate?: OutlookGate;
  /** The tenant's lane across instances (background work); interactive gateways use none. */
  lane?: Lane;
  retry?: RetryEnvironment;
  /** Graph's JSON batching limit is 20 requests. */
  batchSize?: number;
  /** Sub-requests per mailbox in one batch: each counts against that mailbox's 4-concurrent limit. */
  perMailboxInBatch?: number;
  /** Batches in flight at once. */
  parallelBatches?: number;
}

const BatchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) out[key.toLowerCase()] = value;
  return out;
}

/** Packs calls into batches of ≤ size with ≤ perMailbox calls on any one mailbox, keeping the given order. */
export function packBatches<T extends GraphHttpRequest>(
  calls: readonly T[],
  size: number,
  perMailbox: number,
): T[][] {
  const batches: Array<{ calls: T[]; perMailbox: Map<string, number> }> = [];
  for (const call of calls) {
    const mailbox = mailboxOfPath(call.path) ?? '';
    let batch = batches.find((b) => b.calls.length < size && (b.perMailbox.get(mailbox) ?? 0) < perMailbox);
    if (!batch) {
      batch = { calls: [], perMailbox: new Map() };
      batches.push(batch);
    }
    batch.calls.push(call);
    batch.perMailbox.set(mailbox, (batch.perMailbox.get(mailbox) ?? 0) + 1);
  }
  return batches.map((b) => b.calls);
}

async function inPool<T>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(parallel, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Sends Graph requests the economical and polite way: single requests and `$batch`es, each HTTP request under
 * the tenant's Outlook concurrency (4 executing at once per app, a batch holding min(n, 4) — `OutlookGate`; background
 * work also holds the tenant's lane across instances) and the retry policy; 429/503/504 answers *inside* a 200 batch
 * (which Graph SDKs do not retry) are retried in a later batch after the longest `Retry-After` among them.
 */
export class GraphGateway {
  private readonly gate: OutlookGate;
  private readonly lane: Lane;
  private readonly retry: RetryEnvironment;
  private readonly batchSize: number;
  private readonly perMailboxInBatch: number;
  private readonly parallelBatches: number;

  constructor(
    private readonly transport: GraphTransport,
    options: GraphGatewayOptions = {},
  ) {
    this.gate = options.gate ?? new OutlookGate();
    this.lane = options.lane ?? openLane;
    this.retry = options.retry ?? defaultRetryEnvironment();
    this.batchSize = Math.min(20, options.batchSize ?? 20);
    this.perMailboxInBatch = options.perMailboxInBatch ?? 4;
    this.parallelBatches = options.parallelBatches ?? 4;
  }

  get now(): number {
    return this.retry.now();
  }

  /** The retry policy in force (background or interactive: composition.ts chooses). */
  get retryPolicy(): RetryPolicy {
    return this.retry.policy;
  }

  newBudget(maxRetries = 20): RetryBudget {
    return new RetryBudget(maxRetries);
  }

  /** Runs one HTTP request carrying `paths` within the Outlook limits (the lane first, then the local gate). */
  private async limited<T>(paths: readonly string[], work: () => Promise<T>): Promise<T> {
    const slots = outlookSlots(paths);
    if (slots === 0) return work();
    await this.lane.enter();
    try {
      return await this.gate.run(slots, work);
    } finally {
      this.lane.exit();
    }
  }

  /** One request, limited and retried. Rejects only with a GraphTransportError that outlived its retries. */
  async send(request: GraphHttpRequest, budget: RetryBudget = this.newBudget()): Promise<GraphHttpResponse> {
    return sendWithRetry(
      () => this.limited([request.path], () => this.transport(request)),
      this.retry,
      budget,
    );
  }

  /** Many requests through `$batch` (a lone request goes alone). Every id gets an outcome. */
  async sendMany(
    calls: readonly GraphCall[],
    budget: RetryBudget = this.newBudget(),
  ): Promise<Map<string, GraphOutcome>> {
    const results = new Map<string, GraphOutcome>();
    const triesById = new Map<string, number>();
    let pending = [...calls];
    for (let round = 1; pending.length > 0; round++) {
      const retryLater: Array<{ call: GraphCall; retryAfterMs: number | undefined }> = [];
      const settle = (call: GraphCall, outcome: GraphOutcome): void => {
        const tries = (triesById.get(call.id) ?? 0) + 1;
        triesById.set(call.id, tries);
        const retryable = outcome instanceof GraphTransportError || isRetryableStatus(outcome.status);
        const retryAfterMs =
          outcome instanceof GraphTransportError
            ? undefined
            : parseRetryAfter(outcome.headers['retry-after'], this.retry.now());
        const tooLong = retryAfterMs !== undefined && retryAfterMs > this.retry.policy.maxRetryAfterMs;
        if (retryable && !tooLong && tries < this.retry.policy.maxAttempts && budget.take())
          retryLater.push({ call, retryAfterMs });
        else results.set(call.id, outcome);
      };
      await inPool(
        packBatches(pending, this.batchSize, this.perMailboxInBatch),
        this.parallelBatches,
        async (batch) => {
          if (batch.length === 1) {
            const only = batch[0] as GraphCall;
            settle(only, await this.sendOnce(only));
            return;
          }
          const outcomes = await this.sendBatchOnce(batch, budget);
          for (const call of batch)
            settle(
              call,
              outcomes.get(call.id) ??
                new GraphTransportError('No response for this id in the batch', 'network'),
            );
        },
      );
      if (retryLater.length === 0) break;
      const waits = retryLater.map((r) => r.retryAfterMs ?? retryDelayMs(round, undefined, this.retry));
      const delayMs = Math.max(...waits);
      for (const r of retryLater) {
        const status = r.retryAfterMs === undefined ? 503 : 429;
        this.retry.onRetry?.({ status, attempt: round, delayMs });
      }
      await this.retry.sleep(delayMs);
      pending = retryLater.map((r) => r.call);
    }
    return results;
  }

  private async sendOnce(call: GraphHttpRequest): Promise<GraphOutcome> {
    try {
      return await this.limited([call.path], () => this.transport(call));
    } catch (e) {
      if (e instanceof GraphTransportError) return e;
      throw e;
    }
  }

  /** One `$batch` HTTP request (the outer request retried on 429/503/504), inner outcomes by id. */
  private async sendBatchOnce(
    batch: readonly GraphCall[],
    budget: RetryBudget,
  ): Promise<Map<string, GraphOutcome>> {
    const body = {
      requests: batch.map((c) => ({
        id: c.id,
        method: c.method,
        url: c.path,
        ...(c.body === undefined
          ? c.headers
            ? { headers: c.headers }
            : {}
          : { headers: { ...c.headers, 'content-type': 'application/json' }, body: c.body }),
      })),
    };
    const outcomes = new Map<string, GraphOutcome>();
    let response: GraphHttpResponse;
    try {
      response = await sendWithRetry(
        () =>
          this.limited(
            batch.map((c) => c.path),
            () => this.transport({ method: 'POST', path: '/$batch', body }),
          ),
        this.retry,
        budget,
      );
    } catch (e) {
      if (!(e instanceof GraphTransportError)) throw e;
      for (const call of batch) outcomes.set(call.id, e);
      return outcomes;
    }
    const parsed = BatchResponseSchema.safeParse(response.body);
    if (!parsed.success) {
      // The whole batch failed (or answered something unreadable): every call gets the outer answer.
      for (const call of batch)
        outcomes.set(
          call.id,
          response.status === 200
            ? new GraphTransportError('Unreadable $batch response', 'network')
            : response,
        );
      return outcomes;
    }
    for (const inner of parsed.data.responses)
      outcomes.set(inner.id, { status: inner.status, headers: lowerKeys(inner.headers), body: inner.body });
    return outcomes;
  }
}
