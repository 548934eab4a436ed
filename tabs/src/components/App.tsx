import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Tab,
  TabList,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { lazy, Suspense, useEffect, useMemo } from 'react';

import { createEmployeeApi } from '../api/employee-api';
import { type HttpDeps } from '../api/http';
import { type HostStart } from '../host/host-context';
import { useI18n } from '../i18n/i18n';
import { HomePage } from '../pages/HomePage';
import { AppProviders, type Services, useServices } from './AppProviders';
import { ErrorState, LoadingState } from './StateViews';
import { useLoad } from './use-load';
import { useRoute } from './use-route';

// The admin view is a separate chunk: employees never download the charts or the admin forms.
const AdminView = lazy(() => import('../pages/admin/AdminView'));
const HistoryPage = lazy(() => import('../pages/HistoryPage').then((m) => ({ default: m.HistoryPage })));
const MyDataPage = lazy(() => import('../pages/MyDataPage').then((m) => ({ default: m.MyDataPage })));
// The workspace is its own chunk too: the first screen shows the pairing, the workspace opens from it.
const WorkspacePage = lazy(() =>
  import('../workspace/WorkspacePage').then((m) => ({ default: m.WorkspacePage })),
);

const useStyles = makeStyles({
  shell: {
    maxWidth: '1040px',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    rowGap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalM,
  },
  nav: { maxWidth: '100%' },
  // On a phone the tabs wrap onto a second line rather than hiding the last ones behind a sideways scroll.
  tabs: { flexWrap: 'wrap' },
  main: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  banner: { marginBottom: tokens.spacingVerticalM },
  startTitle: { display: 'block', marginBottom: tokens.spacingVerticalM },
  centered: {
    maxWidth: '560px',
    margin: `${tokens.spacingVerticalXXXL} auto`,
    padding: tokens.spacingHorizontalM,
  },
});

export interface AppProps {
  start: HostStart;
  /** For tests: the fetch the API client uses (defaults to the browser's). */
  fetchFn?: typeof fetch;
}

export function App({ start, fetchFn }: AppProps) {
  const services = useMemo<Services | null>(() => {
    if (start.phase !== 'ready') return null;
    const http: HttpDeps = {
      getToken: () => start.host.getToken(),
      fetch: fetchFn ?? ((input, init) => fetch(input, init)),
    };
    return { host: start.host, http, employee: createEmployeeApi(http) };
  }, [start, fetchFn]);
  return (
    <AppProviders host={start.host} services={services}>
      {start.phase === 'ready' ? <Shell /> : <StartProblem start={start} />}
    </AppProviders>
  );
}

function StartProblem({ start }: { start: Exclude<HostStart, { phase: 'ready' }> }) {
  const styles = useStyles();
  const { t } = useI18n();
  useEffect(() => start.host.notifySuccess(), [start.host]);
  if (start.phase === 'sign-in-required') {
    return (
      <main className={styles.centered}>
        <Title2 as="h1" className={styles.startTitle}>
          {t('app.name')}
        </Title2>
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('app.signIn.title')}</MessageBarTitle>
            {t('app.signIn.body')}
          </MessageBarBody>
          <MessageBarActions>
            <Button appearance="primary" onClick={() => void start.signIn()}>
              {t('app.signIn.button')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      </main>
    );
  }
  if (start.phase === 'local-refused') {
    return (
      <main className={styles.centered}>
        <Title2 as="h1" className={styles.startTitle}>
          {t('app.name')}
        </Title2>
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('app.refused.title')}</MessageBarTitle>
            {t('app.refused.body')}
          </MessageBarBody>
        </MessageBar>
      </main>
    );
  }
  return (
    <main className={styles.centered}>
      <Title2 as="h1" className={styles.startTitle}>
        {t('app.name')}
      </Title2>
      <MessageBar intent="error" layout="multiline" role="alert">
        <MessageBarBody>
          <MessageBarTitle>{t('app.failed.title')}</MessageBarTitle>
          {t('app.failed.body', { message: start.error.message })}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => window.location.reload()}>{t('app.retry')}</Button>
        </MessageBarActions>
      </MessageBar>
    </main>
  );
}

type Section = 'mentoring' | 'history' | 'my-data' | 'admin';

function sectionOf(route: string): Section {
  const first = route.split('/')[0];
  if (first === 'history' || first === 'my-data' || first === 'admin') return first;
  return 'mentoring';
}

/** `workspace/<pairingId>` (from my pairing) or `history/workspace/<pairingId>` (from a past one). */
export function workspaceOf(route: string): string | null {
  const match = /^(?:history\/)?workspace\/([^/]+)$/.exec(route);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    // A hand-typed link with a broken escape: no workspace, the section's page shows instead.
    return null;
  }
}

function Shell() {
  const styles = useStyles();
  const { t } = useI18n();
  const { host, employee } = useServices();
  const [route, navigate] = useRoute(host.deepLinkTarget);
  const me = useLoad(() => employee.me(), [employee]);
  const section = sectionOf(route);
  const workspace = workspaceOf(route);
  useEffect(() => {
    if (me.phase !== 'loading') host.notifySuccess();
  }, [me.phase, host]);

  return (
    <div className={styles.shell}>
      {host.kind === 'local' && (
        // A landmark of its own, so screen-reader users can find (and skip) who they are signed in as.
        <aside aria-label={t('app.localMode.region')}>
          <MessageBar intent="info" className={styles.banner}>
            <MessageBarBody>
              {t('app.localMode')}{' '}
              {host.user.displayName && t('app.localMode.signedInAs', { name: host.user.displayName })}
            </MessageBarBody>
            {host.signOut && (
              <MessageBarActions>
                <Button size="small" onClick={() => void host.signOut?.()}>
                  {t('app.signOut')}
                </Button>
              </MessageBarActions>
            )}
          </MessageBar>
        </aside>
      )}
      <header className={styles.header}>
        <Title2 as="h1">{section === 'admin' ? t('admin.title') : t('app.nav.mentoring')}</Title2>
        <nav className={styles.nav} aria-label={t('app.nav.label')}>
          <TabList
            className={styles.tabs}
            selectedValue={section}
            onTabSelect={(_e, d) => navigate(d.value === 'mentoring' ? '' : String(d.value))}
          >
            <Tab value="mentoring">{t('app.nav.mentoring')}</Tab>
            <Tab value="history">{t('app.nav.history')}</Tab>
            <Tab value="my-data">{t('app.nav.myData')}</Tab>
            {me.phase === 'ready' && me.data.isAdmin && <Tab value="admin">{t('app.nav.admin')}</Tab>}
          </TabList>
        </nav>
      </header>
      <main className={styles.main}>
        {me.phase === 'loading' && <LoadingState />}
        {me.phase === 'error' && <ErrorState error={me.error} onRetry={me.reload} />}
        {me.phase === 'ready' && workspace !== null && (
          <Suspense fallback={<LoadingState />}>
            <WorkspacePage
              pairingId={workspace}
              onBack={() => navigate(section === 'history' ? 'history' : '')}
            />
          </Suspense>
        )}
        {me.phase === 'ready' && workspace === null && section === 'mentoring' && (
          <HomePage me={me.data} reloadMe={me.reload} route={route} navigate={navigate} />
        )}
        {me.phase === 'ready' && workspace === null && (section === 'history' || section === 'my-data') && (
          <Suspense fallback={<LoadingState />}>
            {section === 'history' ? <HistoryPage /> : <MyDataPage />}
          </Suspense>
        )}
        {me.phase === 'ready' &&
          section === 'admin' &&
          (me.data.isAdmin ? (
            <Suspense fallback={<LoadingState label={t('admin.loading')} />}>
              <AdminView route={route} navigate={navigate} />
            </Suspense>
          ) : (
            <Text>{t('admin.forbidden')}</Text>
          ))}
      </main>
    </div>
  );
}
