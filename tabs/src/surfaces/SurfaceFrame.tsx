import {
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { type ReactNode, useEffect, useMemo } from 'react';

import { createEmployeeApi } from '../api/employee-api';
import { type HttpDeps } from '../api/http';
import { AppProviders, type Services } from '../components/AppProviders';
import { type HostContext } from '../host/host-context';
import { useI18n } from '../i18n/i18n';

const useStyles = makeStyles({
  // Outlook's task pane and Teams' side panel are 320–360 px wide: a single column, nothing wider than the frame.
  frame: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    maxWidth: '720px',
    minWidth: 0,
  },
});

/** The services a surface hands its content (the same as the tab's): the API over the host's token. */
export function servicesFor(host: HostContext, fetchFn?: typeof fetch): Services {
  const http: HttpDeps = {
    getToken: () => host.getToken(),
    fetch: fetchFn ?? ((input, init) => fetch(input, init)),
  };
  return { host, http, employee: createEmployeeApi(http) };
}

/** One surface's page: the tab's providers (theme follows the host), the app's name as its heading, the content. */
export function SurfaceFrame({
  host,
  fetchFn,
  children,
}: {
  host: HostContext;
  fetchFn?: typeof fetch;
  children: ReactNode;
}) {
  const services = useMemo(() => servicesFor(host, fetchFn), [host, fetchFn]);
  useEffect(() => host.notifySuccess(), [host]);
  return (
    <AppProviders host={host} services={services}>
      <SurfaceLayout>{children}</SurfaceLayout>
    </AppProviders>
  );
}

function SurfaceLayout({ children }: { children: ReactNode }) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <main className={styles.frame}>
      <Subtitle2 as="h1">{t('surfaces.title')}</Subtitle2>
      {children}
    </main>
  );
}

/** A polite, plain message in place of the workspace (not a session, not in Outlook, not in a meeting). */
export function SurfaceMessage({
  title,
  body,
  intent = 'info',
}: {
  title: string;
  body: string;
  intent?: 'info' | 'warning' | 'error';
}) {
  return (
    <MessageBar intent={intent} layout="multiline" data-testid="surface-message">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {body}
      </MessageBarBody>
    </MessageBar>
  );
}
