import { type CalendarPorts } from '../../../domain/pairings/ports';
import { type GraphAccess } from '../graph-client';
import { BULK_NOTIFICATION_TOKEN_SECONDS, GraphActivityNotifier } from './activity-notifier';
import { GraphCalendarWriter } from './calendar-writer';
import { GraphFreeBusyReader } from './free-busy';
import { GraphGateway, type GraphGatewayOptions } from './graph-gateway';
import { createFetchTransport } from './graph-http';
import { GraphMailboxLanguages } from './mailbox-languages';
import { type RequestPacer } from './request-pacer';
import { GraphUserMailboxes } from './user-mailboxes';

export * from './activity-notifier';
export * from './calendar-writer';
export * from './free-busy';
export * from './graph-gateway';
export * from './graph-http';
export * from './lane-store';
export * from './mailbox-languages';
export * from './outlook-gate';
export * from './request-pacer';
export * from './retry-policy';
export * from './user-mailboxes';

export interface GraphCalendarPorts extends CalendarPorts {
  gateway: GraphGateway;
  freeBusy: GraphFreeBusyReader;
  calendar: GraphCalendarWriter;
  series: GraphCalendarWriter;
  mailboxes: GraphUserMailboxes;
  /** Outlook's language per mailbox, for the directory sync. */
  languages: GraphMailboxLanguages;
  notifier: GraphActivityNotifier;
}

/** The calendar ports of one tenant, over app-only Graph (token from `GraphAccess`). */
export function createCalendarPorts(
  access: Pick<GraphAccess, 'acquireToken'>,
  tenantId: string,
  graphBaseUrl: string,
  options: GraphGatewayOptions & { timeoutMs?: number; notificationPacer?: RequestPacer } = {},
): GraphCalendarPorts {
  const { notificationPacer, timeoutMs, ...gatewayOptions } = options;
  const transport = createFetchTransport({
    baseUrl: graphBaseUrl,
    getToken: () => access.acquireToken(tenantId),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  const gateway = new GraphGateway(transport, gatewayOptions);
  const writer = new GraphCalendarWriter(gateway);
  // The bulk notification action wants a token that is valid for 45 more minutes; Teams calls hold no Outlook slot.
  const teamsGateway = new GraphGateway(
    createFetchTransport({
      baseUrl: graphBaseUrl,
      getToken: () => access.acquireToken(tenantId, { minValidSeconds: BULK_NOTIFICATION_TOKEN_SECONDS }),
      ...(timeoutMs ? { timeoutMs } : {}),
    }),
    { ...(gatewayOptions.retry ? { retry: gatewayOptions.retry } : {}) },
  );
  return {
    gateway,
    freeBusy: new GraphFreeBusyReader(gateway),
    calendar: writer,
    series: writer,
    notifier: new GraphActivityNotifier(teamsGateway, notificationPacer),
    mailboxes: new GraphUserMailboxes(gateway),
    languages: new GraphMailboxLanguages(gateway),
  };
}
