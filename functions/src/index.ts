import { app } from '@azure/functions';

import { allFunctions } from './all-functions';
import { compose, type Services } from './composition';
import { loadConfig } from './config';

// Production entry point: the Azure Functions host loads this module and we register the same list of functions
// that the local host (dev/local-host) serves. Configuration is parsed once here and fails fast.
const config = loadConfig(process.env);
let services: Services | undefined;
const getServices = (): Services => (services ??= compose(config));

// Streams let the admin export send rows as it reads them (an export of a large program neither waits for the
// whole file nor holds it in memory); every other response is small and unaffected.
app.setup({ enableHttpStream: true });

for (const fn of allFunctions(getServices)) {
  switch (fn.kind) {
    case 'http':
      app.http(fn.name, {
        route: fn.route,
        methods: fn.methods,
        authLevel: 'anonymous',
        handler: fn.handler,
      });
      break;
    case 'timer':
      app.timer(fn.name, { schedule: fn.schedule, handler: fn.handler });
      break;
    case 'queue':
      app.storageQueue(fn.name, { queueName: fn.queueName, connection: fn.connection, handler: fn.handler });
      break;
  }
}
