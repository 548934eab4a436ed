import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { InvocationContext } from '@azure/functions';

import { type LifecycleServices } from '../composition';
import { bookingQueueFunction } from './booking-worker';
import { notificationQueueFunction } from './notification-worker';
import { MAX_DEQUEUE_COUNT } from './queue-delivery';
import { seriesActionQueueFunction } from './series-action-worker';

/** The queue triggers are thin: parse, call one service, log. These check the parse and the hand-over. */
const tenantId = '7d1f3c2a-4b5e-4c6d-8e9f-0a1b2c3d4e5f';

function harness() {
  const calls: Array<{ service: string; message: unknown; lastDelivery?: boolean }> = [];
  const lifecycle = {
    booking: {
      handle: (message: unknown, delivery: { lastDelivery: boolean }) => {
        calls.push({ service: 'booking', message, lastDelivery: delivery.lastDelivery });
        return Promise.resolve({ kind: 'booked' as const, degraded: null });
      },
    },
    seriesActions: {
      handle: (message: unknown, delivery: { lastDelivery: boolean }) => {
        calls.push({ service: 'series', message, lastDelivery: delivery.lastDelivery });
        return Promise.resolve({ kind: 'ended' as const, calendar: 'ended' as const });
      },
    },
    notifications: {
      handle: (message: unknown) => {
        calls.push({ service: 'notify', message });
        return Promise.resolve({ sent: 1, skipped: 0, deferred: 0 });
      },
    },
    followUp: { tick: () => Promise.resolve([]) },
  } as unknown as LifecycleServices;
  const warnings: string[] = [];
  const lines: string[] = [];
  const context = (dequeueCount = 1) =>
    new InvocationContext({
      functionName: 'worker',
      triggerMetadata: { dequeueCount },
      logHandler: (level, ...args) => (level === 'warning' ? warnings : lines).push(String(args[0])),
    });
  const services = () => ({ lifecycle });
  return {
    calls,
    warnings,
    lines,
    context,
    booking: bookingQueueFunction(services),
    series: seriesActionQueueFunction(services),
    notify: notificationQueueFunction(services),
  };
}

describe('queue triggers', () => {
  it('know the host’s last delivery (host.json maxDequeueCount)', () => {
    const host = JSON.parse(readFileSync(join(__dirname, '..', '..', 'host.json'), 'utf8')) as {
      extensions: { queues: { maxDequeueCount: number } };
    };
    expect(MAX_DEQUEUE_COUNT).toBe(host.extensions.queues.maxDequeueCount);
  });

  it.each(['booking', 'series', 'notify'] as const)(
    '%s: a malformed message is dropped with a warning',
    async (name) => {
      const h = harness();
      await h[name].handler({ version: 2, pairingId: 42 }, h.context());
      expect(h.calls).toEqual([]);
      expect(h.warnings).toEqual([expect.stringMatching(/dropped a malformed message/)]);
    },
  );

  it('hands a booking message to the booking service, telling it when the host will not deliver it again', async () => {
    const h = harness();
    const message = { version: 1, tenantId, programId: 'prog', roundId: 'r1', pairingId: 'p1', attempt: 0 };
    await h.booking.handler(message, h.context(1));
    await h.booking.handler(message, h.context(MAX_DEQUEUE_COUNT));
    expect(h.calls.map((c) => [c.service, c.lastDelivery])).toEqual([
      ['booking', false],
      ['booking', true],
    ]);
    // One JSON line per outcome, ids only.
    expect(h.lines.map((l) => JSON.parse(l) as { pairingId: string; msg: string })).toEqual([
      expect.objectContaining({ pairingId: 'p1', msg: 'booking: booked' }),
      expect.objectContaining({ pairingId: 'p1', msg: 'booking: booked' }),
    ]);
  });

  it('hands series actions and notifications to their services', async () => {
    const h = harness();
    await h.series.handler({ version: 1, tenantId, pairingId: 'p1', action: 'end' }, h.context());
    await h.notify.handler(
      {
        version: 1,
        tenantId,
        programId: 'prog',
        pairingId: 'p1',
        userIds: ['00000000-0000-4000-8000-000000000001'],
        activityType: 'seriesEnded',
      },
      h.context(),
    );
    expect(h.calls.map((c) => c.service)).toEqual(['series', 'notify']);
  });
});
