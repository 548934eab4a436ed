import { FluentProvider, Spinner, teamsLightTheme } from '@fluentui/react-components';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

import { type OutlookStart, startOutlookPane } from './host/office-host';
import { loadMessages, messagesFor } from './i18n/catalogs';
import { OutlookPane } from './surfaces/OutlookPane';

/** outlook.html: the Outlook add-in's task pane on a session (manifest `extensions`). */
function Root() {
  const [start, setStart] = useState<OutlookStart | null>(null);
  useEffect(() => {
    void startOutlookPane().then((started) =>
      loadMessages(started.host.locale).then(
        () => setStart(started),
        () => setStart(started),
      ),
    );
  }, []);
  if (!start)
    return (
      <FluentProvider theme={teamsLightTheme}>
        <Spinner label={messagesFor(navigator.language)['app.starting']} />
      </FluentProvider>
    );
  return <OutlookPane start={start} />;
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
