import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod';

/** The parts of functions/host.json the local host honours, read from the same file the Azure host reads. */
export interface QueueSettings {
  maxPollingIntervalMs: number;
  visibilityTimeoutMs: number;
  batchSize: number;
  newBatchThreshold: number;
  maxDequeueCount: number;
  messageEncoding: 'base64' | 'none';
}

export function parseTimeSpan(value: string): number {
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(value);
  if (!match) throw new Error(`Not a TimeSpan: ${value}`);
  const [, days, hours, minutes, seconds, fraction] = match;
  const ms = fraction ? Number(`0.${fraction}`) * 1000 : 0;
  return (
    ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000 + ms
  );
}

const HostJsonSchema = z.object({
  extensions: z
    .object({
      http: z.object({ routePrefix: z.string().optional() }).optional(),
      queues: z
        .object({
          maxPollingInterval: z.string().optional(),
          visibilityTimeout: z.string().optional(),
          batchSize: z.number().int().min(1).max(32).optional(),
          newBatchThreshold: z.number().int().min(0).optional(),
          maxDequeueCount: z.number().int().min(1).optional(),
          messageEncoding: z.enum(['base64', 'none']).optional(),
        })
        .optional(),
    })
    .optional(),
});

export interface HostSettings {
  routePrefix: string;
  queues: QueueSettings;
}

/** Defaults are the Azure Functions host's documented defaults. */
export function readHostSettings(
  hostJsonPath = join(__dirname, '..', '..', 'functions', 'host.json'),
): HostSettings {
  const json = HostJsonSchema.parse(JSON.parse(readFileSync(hostJsonPath, 'utf8')));
  const queues = json.extensions?.queues ?? {};
  const batchSize = queues.batchSize ?? 16;
  return {
    routePrefix: json.extensions?.http?.routePrefix ?? 'api',
    queues: {
      maxPollingIntervalMs: parseTimeSpan(queues.maxPollingInterval ?? '00:01:00'),
      visibilityTimeoutMs: parseTimeSpan(queues.visibilityTimeout ?? '00:00:00'),
      batchSize,
      newBatchThreshold: queues.newBatchThreshold ?? Math.floor(batchSize / 2),
      maxDequeueCount: queues.maxDequeueCount ?? 5,
      messageEncoding: queues.messageEncoding ?? 'base64',
    },
  };
}
