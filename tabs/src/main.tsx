import { FluentProvider, Spinner, teamsLightTheme } from '@fluentui/react-components';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './components/App';
import { fetchClientConfig } from './config/client-config';
import { createHost } from './host/create-host';
import { type HostStart } from './host/host-context';
import { en } from './i18n/messages-en';

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
    // Before the host answers we know neither theme nor locale; this shows for a few milliseconds.
    return (
      <FluentProvider theme={teamsLightTheme}>
        <Spinner label={en['app.starting']} />
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
