import { type CalendarPorts } from '../../../domain/pairings/ports';
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
export * from './lane-store';
export * from './outlook-gate';
export * from './retry-policy';
export * from './user-mailboxes';

export interface GraphCalendarPorts extends CalendarPorts {
  gateway: GraphGateway;
  freeBusy: GraphFreeBusyReader;
  calendar: GraphCalendarWriter;
  series: GraphCalendarWriter;
  mailboxes: GraphUserMailboxes;
  notifier: GraphActivityNotifier;
}

/** The calendar ports of one tenant, over app-only Graph (token from `GraphAccess`). */
export function createCalendarPorts(
  access: Pick<GraphAccess, 'acquireToken'>,
  tenantId: string,
  graphBaseUrl: string,
  options: GraphGatewayOptions & { timeoutMs?: number } = {},
): GraphCalendarPorts {
  const transport = createFetchTransport({
    baseUrl: graphBaseUrl,
    getToken: () => access.acquireToken(tenantId),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const gateway = new GraphGateway(transport, options);
  const writer = new GraphCalendarWriter(gateway);
  return {
    gateway,
    freeBusy: new GraphFreeBusyReader(gateway),
    calendar: writer,
    series: writer,
    notifier: new GraphActivityNotifier(gateway),
    mailboxes: new GraphUserMailboxes(gateway),
  };
}
