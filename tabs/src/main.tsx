import { FluentProvider, Spinner, teamsLightTheme } from '@fluentui/react-components';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './components/App';
import { fetchClientConfig } from './config/client-config';
import { createHost } from './host/create-host';
import { type HostStart } from './host/host-context';
import { messagesFor } from './i18n/catalogs';

function Root() {
  const [start, setStart] = useState<HostStart | null>(null);
  useEffect(() => {
    void createHost({
      loadLocalSignIn: async () => {
        const config = await fetchClientConfig();
        return config.localSignIn
          ? { clientId: config.apiClientId, scope: config.apiScope, authority: config.localSignIn.authority }
          : null;
      },
    }).then(setStart);
  }, []);
  if (!start) {
    // Before the host answers we know neither theme nor the host's locale; the browser's language stands in for
    // the few milliseconds this shows.
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
