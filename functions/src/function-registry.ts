import type { HttpMethod, HttpRequest, HttpResponseInit, InvocationContext, Timer } from '@azure/functions';

/**
 * Every function Pairwise has, as plain data. `index.ts` registers this list with the Azure Functions host;
 * the local host in dev/ serves the very same list, so the two never fork.
 */
export type HttpFunctionHandler = (
  request: HttpRequest,
  context: InvocationContext,
) => Promise<HttpResponseInit>;
export type TimerFunctionHandler = (timer: Timer, context: InvocationContext) => Promise<void>;
export type QueueFunctionHandler = (message: unknown, context: InvocationContext) => Promise<void>;

export interface HttpFunctionDefinition {
  kind: 'http';
  name: string;
  /** Route under /api, in the host's template syntax: `programs/{programId}/enrollment`. */
  route: string;
  methods: HttpMethod[];
  handler: HttpFunctionHandler;
}

export interface TimerFunctionDefinition {
  kind: 'timer';
  name: string;
  /** NCRONTAB (6 fields) or `%SETTING_NAME%`, resolved from app settings as the host does. */
  schedule: string;
  handler: TimerFunctionHandler;
}

export interface QueueFunctionDefinition {
  kind: 'queue';
  name: string;
  queueName: string;
  /** App-setting prefix of the storage connection. */
  connection: 'AzureWebJobsStorage';
  handler: QueueFunctionHandler;
}

export type FunctionDefinition = HttpFunctionDefinition | TimerFunctionDefinition | QueueFunctionDefinition;
