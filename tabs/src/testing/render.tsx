import { render, type RenderResult } from '@testing-library/react';
import { type ReactElement } from 'react';

import { createEmployeeApi } from '../api/employee-api';
import { type HttpDeps } from '../api/http';
import { AppProviders } from '../components/AppProviders';
import { createFakeHost, type FakeHost } from '../host/fake-host';

/** Renders a component inside the real providers (theme, i18n, services) with a fake host and fetch. */
export function renderWithServices(
  ui: ReactElement,
  fetchFn: typeof fetch,
  host: FakeHost = createFakeHost(),
): RenderResult {
  const http: HttpDeps = { getToken: host.getToken, fetch: fetchFn };
  return render(
    <AppProviders host={host} services={{ host, http, employee: createEmployeeApi(http) }}>
      {ui}
    </AppProviders>,
  );
}
