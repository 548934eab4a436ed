import { FluentProvider, Spinner, teamsLightTheme } from '@fluentui/react-components';
import { lazy, StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './components/App';
import { fetchClientConfig } from './config/client-config';
import { createHost } from './host/create-host';
import { type HostStart } from './host/host-context';
import { loadMessages, messagesFor } from './i18n/catalogs';

// The Teams meeting side panel and its settings page (manifest configurableTabs): a chunk of their own.
const MeetingTab = lazy(() => import('./surfaces/MeetingTab').then((m) => ({ default: m.MeetingTab })));
const view = new URLSearchParams(window.location.search).get('view');

function Root() {
  const [start, setStart] = useState<HostStart | null>(null);
  useEffect(() => {
    // Usually the host speaks the browser's language: fetch that catalog while the host starts.
    loadMessages(navigator.language).catch(() => undefined);
    void createHost({
      loadLocalSignIn: async () => {
        const config = await fetchClientConfig();
        return config.localSignIn
          ? { clientId: config.apiClientId, scope: config.apiScope, authority: config.localSignIn.authority }
          : null;
      },
    })
      // The host's language is known now: its catalog loads before the first screen (English if it fails).
      .then((started) =>
        loadMessages(started.host.locale).then(
          () => started,
          () => started,
        ),
      )
      .then(setStart);
  }, []);
  if (!start) {
    // Before the host answers we know neither theme nor locale; this shows for a few milliseconds (in English unless
    // the host's language has already loaded).
    return (
      <FluentProvider theme={teamsLightTheme}>
        <Spinner label={messagesFor(navigator.language)['app.starting']} />
      </FluentProvider>
    );
  }
  if (view === 'meeting' || view === 'meeting-config') {
    return (
      <Suspense fallback={<Spinner label={messagesFor(start.host.locale)['app.starting']} />}>
        <MeetingTab start={start} settings={view === 'meeting-config'} />
      </Suspense>
    );
  }
  return <App start={start} />;
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
