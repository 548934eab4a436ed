/**
 * Coalesces concurrent single-item calls into batched calls. The queue trigger books one pairing per message
 * (so each message keeps its own retries and poison handling), yet the host runs many messages at once on an
 * instance; gathering the ones that arrive within a few milliseconds into one `bookPairings` call lets their
 * getSchedule and event creations share `$batch` requests. Each caller still gets only its own result or error.
 */
export interface MicroBatcherOptions {
  /** Items per flush at most (20 pairings → 40 mailboxes → 2 getSchedule calls, 20 creations: one $batch each). */
  maxBatch: number;
  /** How long the first item of a batch waits for company. */
  maxWaitMs: number;
}

export class MicroBatcher<TIn, TOut> {
  private pending: Array<{ item: TIn; resolve: (value: TOut) => void; reject: (error: unknown) => void }> =
    [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly flushBatch: (items: TIn[]) => Promise<TOut[]>,
    private readonly options: MicroBatcherOptions = { maxBatch: 20, maxWaitMs: 50 },
  ) {}

  submit(item: TIn): Promise<TOut> {
    return new Promise<TOut>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0, this.options.maxBatch);
    if (this.pending.length > 0) this.timer = setTimeout(() => this.flush(), 0);
    if (batch.length === 0) return;
    this.flushBatch(batch.map((b) => b.item)).then(
      (results) => {
        batch.forEach((b, i) => {
          if (i < results.length) b.resolve(results[i] as TOut);
          else b.reject(new Error('The batch returned fewer results than items.'));
        });
      },
      (error: unknown) => batch.forEach((b) => b.reject(error)),
    );
  }
}
