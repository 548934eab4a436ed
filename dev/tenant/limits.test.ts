import { Counters, Faults, Semaphore, Throttle } from './limits';

describe('Throttle (per app + mailbox)', () => {
  it('allows four concurrent requests per app and mailbox and refuses the fifth until one finishes', () => {
    const t = new Throttle();
    const held = [1, 2, 3, 4].map(() => t.enter('app', 'mbx'));
    expect(held.every((d) => d.ok)).toBe(true);
    const fifth = t.enter('app', 'mbx');
    expect(fifth).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    expect(t.enter('app', 'other-mailbox').ok).toBe(true);
    expect(t.enter('other-app', 'mbx').ok).toBe(true);
    const first = held[0];
    if (first?.ok) first.release();
    expect(t.enter('app', 'mbx').ok).toBe(true);
  });

  it('counts requests over a sliding ten-minute window and says when to come back', () => {
    const t = new Throttle();
    t.limits = { ...t.limits, mailboxRequestsPerWindow: 3 };
    const start = 1_000_000_000_000;
    for (let i = 0; i < 3; i += 1) {
      const d = t.enter('app', 'mbx', start + i * 1000);
      expect(d.ok).toBe(true);
      if (d.ok) d.release();
    }
    const refused = t.enter('app', 'mbx', start + 5000);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(500);
    expect(t.enter('app', 'mbx', start + 11 * 60_000).ok).toBe(true);
  });

  it('limits activity notifications to five per second', () => {
    const t = new Throttle();
    const now = 5_000_000;
    expect([0, 1, 2, 3, 4].map((i) => t.enterRate('activity', now + i).ok)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(t.enterRate('activity', now + 10).ok).toBe(false);
    expect(t.enterRate('activity', now + 1200).ok).toBe(true);
  });

  it('limits bulk activity notifications to two per second, on their own budget', () => {
    const t = new Throttle();
    const now = 5_000_000;
    expect(t.enterRate('bulkActivity', now).ok).toBe(true);
    expect(t.enterRate('bulkActivity', now + 1).ok).toBe(true);
    expect(t.enterRate('bulkActivity', now + 2).ok).toBe(false);
    expect(t.enterRate('activity', now + 3).ok).toBe(true);
  });

  it('with per-app concurrency, four Outlook requests of one app at once across mailboxes; other apps unaffected', () => {
    const t = new Throttle();
    const held = ['a', 'b', 'c', 'd'].map((mbx) => t.enter('app', mbx, Date.now(), true));
    expect(held.every((d) => d.ok)).toBe(true);
    expect(t.enter('app', 'e', Date.now(), true)).toMatchObject({
      ok: false,
      retryAfterSeconds: 1,
      reason: 'Application is over its MailboxConcurrency limit.',
    });
    expect(t.enter('other-app', 'a', Date.now(), true).ok).toBe(true);
    const first = held[0];
    if (first?.ok) {
      first.release();
      first.release();
    }
    expect(t.enter('app', 'e', Date.now(), true).ok).toBe(true);
    expect(t.enter('app', 'f', Date.now(), true).ok).toBe(false);
  });
});

describe('Semaphore', () => {
  it('lets N holders in and queues the rest in order', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const a = await s.acquire();
    const b = await s.acquire();
    const waiting = [3, 4].map((n) => s.acquire().then((release) => (order.push(n), release)));
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    const third = await waiting[0];
    expect(order).toEqual([3]);
    b();
    const fourth = await waiting[1];
    expect(order).toEqual([3, 4]);
    third?.();
    fourth?.();
  });
});

describe('Faults', () => {
  it('matches by method and route template or prefix, honours times, and repeats for the same seed', () => {
    const f = new Faults('s');
    f.set([
      {
        method: 'POST',
        route: '/users/{id}/calendar/getSchedule',
        fault: 429,
        times: 2,
        retryAfterSeconds: 3,
      },
    ]);
    expect(
      f.decide('GET', '/users/a/calendar/getSchedule', '/users/{id}/calendar/getSchedule'),
    ).toBeUndefined();
    expect(f.decide('POST', '/users/a/calendar/getSchedule', '/users/{id}/calendar/getSchedule')).toEqual({
      fault: 429,
      retryAfterSeconds: 3,
      delayMs: 0,
    });
    expect(
      f.decide('POST', '/users/b/calendar/getSchedule', '/users/{id}/calendar/getSchedule'),
    ).toBeDefined();
    expect(
      f.decide('POST', '/users/c/calendar/getSchedule', '/users/{id}/calendar/getSchedule'),
    ).toBeUndefined();
    f.set([{ route: '/users/*', fault: 503, rate: 0.3 }], 'x');
    const a = Array.from({ length: 50 }, () => f.decide('GET', '/users/a', '/users/{id}') !== undefined);
    f.set([{ route: '/users/*', fault: 503, rate: 0.3 }], 'x');
    const b = Array.from({ length: 50 }, () => f.decide('GET', '/users/a', '/users/{id}') !== undefined);
    expect(b).toEqual(a);
    const hits = a.filter(Boolean).length;
    expect(hits).toBeGreaterThan(5);
    expect(hits).toBeLessThan(30);
  });
});

describe('Counters', () => {
  it('counts by method and route template', () => {
    const c = new Counters();
    c.count('post', '/users/{id}/events');
    c.count('POST', '/users/{id}/events');
    c.count('GET', '/users');
    expect(c.snapshot()).toEqual({ 'GET /users': 1, 'POST /users/{id}/events': 2 });
    c.reset();
    expect(c.snapshot()).toEqual({});
  });
});
