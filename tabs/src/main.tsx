import { FluentProvider, Spinner, teamsLightTheme } from '@fluentui/react-components';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './components/App';
import { fetchClientConfig } from './config/client-config';
import { createHost } from './host/create-host';
import { type HostStart } from './host/host-context';
import { loadMessages, messagesFor } from './i18n/catalogs';

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
