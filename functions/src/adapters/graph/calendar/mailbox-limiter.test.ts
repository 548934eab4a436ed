import { MailboxLimiter } from './mailbox-limiter';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe('MailboxLimiter', () => {
  it('keeps at most 4 requests in flight per mailbox and runs everything', async () => {
    const limiter = new MailboxLimiter(4);
    let inFlight = 0;
    let max = 0;
    const work = async (): Promise<number> => {
      inFlight++;
      max = Math.max(max, inFlight);
      await tick();
      inFlight--;
      return 1;
    };
    const results = await Promise.all(
      Array.from({ length: 17 }, () => limiter.run(['Ana@Contoso.example'], work)),
    );
    expect(results).toHaveLength(17);
    expect(max).toBe(4);
    expect(limiter.inFlight('ana@contoso.example')).toBe(0);
  });

  it('does not limit different mailboxes against each other', async () => {
    const limiter = new MailboxLimiter(1);
    let inFlight = 0;
    let max = 0;
    await Promise.all(
      ['a', 'b', 'c'].map((m) =>
        limiter.run([m], async () => {
          inFlight++;
          max = Math.max(max, inFlight);
          await tick();
          inFlight--;
        }),
      ),
    );
    expect(max).toBe(3);
  });

  it('multi-mailbox holders (batches) in opposite orders do not deadlock', async () => {
    const limiter = new MailboxLimiter(1);
    const runs = Array.from({ length: 10 }, (_, i) => limiter.run(i % 2 ? ['a', 'b'] : ['b', 'a'], tick));
    await expect(Promise.all(runs)).resolves.toHaveLength(10);
  });

  it('a batch holds one slot per sub-request on a mailbox, taken together', async () => {
    const limiter = new MailboxLimiter(4);
    let inFlight = 0;
    let max = 0;
    const batch = (n: number) =>
      limiter.run(
        Array.from({ length: n }, () => 'a'),
        async () => {
          inFlight += n;
          max = Math.max(max, inFlight);
          await tick();
          inFlight -= n;
        },
      );
    await Promise.all([batch(3), batch(3), batch(2), batch(4), batch(1)]);
    expect(max).toBeLessThanOrEqual(4);
    expect(limiter.inFlight('a')).toBe(0);
  });

  it('releases the slot when the work throws', async () => {
    const limiter = new MailboxLimiter(1);
    await expect(limiter.run(['a'], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(limiter.inFlight('a')).toBe(0);
    await expect(limiter.run(['a'], () => Promise.resolve('ok'))).resolves.toBe('ok');
  });
});
