import { type Server } from 'node:http';

import { type QueueServiceClient } from '@azure/storage-queue';

import {
  type FunctionDefinition,
  type HttpFunctionDefinition,
  type QueueFunctionDefinition,
  type TimerFunctionDefinition,
} from '../../functions/src/function-registry';
import { type HostSettings } from './host-settings';
import { startLocalHttpServer } from './http-server';
import { startQueuePollers } from './queues';
import { startTimers } from './timers';

/**
 * Our stand-in for `func start` (Core Tools cannot be installed offline): it serves the same list of function
 * definitions that functions/src/index.ts registers with Azure — HTTP routes, timers and queue triggers.
 */
export interface LocalFunctionsHost {
  port: number;
  fireTimer(name: string): Promise<void>;
  /** Starts the timers on their schedules when the host was started without (`scheduleTimers: false`). */
  scheduleTimers(): void;
  /** Resolves once every trigger queue is drained and no message is in flight. */
  queuesIdle(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalFunctionsHostOptions {
  port: number;
  functions: FunctionDefinition[];
  settings: Record<string, string | undefined>;
  hostSettings: HostSettings;
  queueService: QueueServiceClient;
  staticDir?: string;
  /** Scheduled timer runs (off in tests that fire timers by hand). */
  scheduleTimers?: boolean;
  log: (line: string) => void;
}

export async function startLocalFunctionsHost(
  options: LocalFunctionsHostOptions,
): Promise<LocalFunctionsHost> {
  const http = options.functions.filter((f): f is HttpFunctionDefinition => f.kind === 'http');
  const timers = options.functions.filter((f): f is TimerFunctionDefinition => f.kind === 'timer');
  const queues = options.functions.filter((f): f is QueueFunctionDefinition => f.kind === 'queue');

  const timerRunner = startTimers(timers, options.settings, options.log, {
    schedule: options.scheduleTimers ?? true,
  });
  const queueRunner = startQueuePollers(
    queues,
    options.queueService,
    options.hostSettings.queues,
    options.log,
  );
  const server: Server = await startLocalHttpServer({
    port: options.port,
    routePrefix: options.hostSettings.routePrefix,
    functions: http,
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
    fireTimer: (name) => timerRunner.fire(name),
    log: options.log,
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    port,
    fireTimer: (name) => timerRunner.fire(name),
    scheduleTimers: () => timerRunner.schedule(),
    queuesIdle: () => queueRunner.idle(),
    stop: async () => {
      timerRunner.stop();
      await queueRunner.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
