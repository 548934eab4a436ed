import { type GraphAccess } from '../graph-client';
import { GraphActivityNotifier } from './activity-notifier';
import { GraphCalendarWriter } from './calendar-writer';
import { GraphFreeBusyReader } from './free-busy';
import { GraphGateway, type GraphGatewayOptions } from './graph-gateway';
import { createFetchTransport } from './graph-http';
import { GraphUserMailboxes } from './user-mailboxes';

export * from './activity-notifier';
export * from './calendar-writer';
export * from './free-busy';
export * from './graph-gateway';
export * from './graph-http';
export * from './mailbox-limiter';
export * from './micro-batcher';
export * from './retry-policy';
export * from './user-mailboxes';

/** The calendar ports for one tenant, over app-only Graph (token from `GraphAccess`). */
export function createCalendarPorts(
  access: Pick<GraphAccess, 'acquireToken'>,
  tenantId: string,
  graphBaseUrl: string,
  options: GraphGatewayOptions & { timeoutMs?: number } = {},
): {
  gateway: GraphGateway;
  freeBusy: GraphFreeBusyReader;
  calendar: GraphCalendarWriter;
  notifier: GraphActivityNotifier;
  mailboxes: GraphUserMailboxes;
} {
  const transport = createFetchTransport({
    baseUrl: graphBaseUrl,
    getToken: () => access.acquireToken(tenantId),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const gateway = new GraphGateway(transport, options);
  return {
    gateway,
    freeBusy: new GraphFreeBusyReader(gateway),
    calendar: new GraphCalendarWriter(gateway),
    notifier: new GraphActivityNotifier(gateway),
    mailboxes: new GraphUserMailboxes(gateway),
  };
}
