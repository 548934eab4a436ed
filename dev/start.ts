/**
 * `npm start`: the whole of Pairwise on loopback. Prints `Pairwise is running at http://localhost:<port>` once
 * every part answers; Ctrl-C (SIGINT/SIGTERM) stops every part and child process.
 *
 * The process re-executes itself once with NODE_EXTRA_CA_CERTS pointing at the local CA, because Node reads
 * that variable only at start-up: that is how our own processes trust the simulator's and Cosmos server's TLS
 * without ever turning verification off.
 */
import { spawn } from 'node:child_process';

import { ConfigError } from '../functions/src/config';
import { buildTab } from './scripts/build-tab';
import { startLocalStack } from './stack';
import { ensureLocalCa, localStateDir } from './tls/local-ca';

const ca = ensureLocalCa(localStateDir('tls'));

if (process.env.NODE_EXTRA_CA_CERTS !== ca.caCertPath) {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.caCertPath },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
} else {
  void main();
}

async function main(): Promise<void> {
  const started = Date.now();
  const port = Number(process.env.PORT ?? '7071');
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(`Invalid configuration: PORT: must be a port number (got "${process.env.PORT}")`);
    process.exit(1);
  }
  try {
    await buildTab({ onlyIfStale: true, log: (line) => console.log(line) });
    // The live demo is on unless PAIRWISE_DEMO=0 (an empty store, e.g. to try the first-run experience).
    const demo = process.env.PAIRWISE_DEMO !== '0';
    const stack = await startLocalStack({ port, demo, log: (line) => console.log(`  ${line}`) });
    if (stack.demo) {
      console.log('  sign in on the local sign-in page as:');
      for (const person of Object.values(stack.demo.personas)) {
        if (person) console.log(`    ${person.userPrincipalName.padEnd(34)} ${person.shows}`);
      }
    } else if (stack.tenant) {
      console.log(
        `  sign in as any demo user (e.g. ${stack.tenant.adminUserPrincipalName}, the Pairwise admin) on the local sign-in page`,
      );
    }
    console.log(
      `Pairwise is running at ${stack.baseUrl} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      console.log('Stopping Pairwise…');
      void stack.stop().finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 8000).unref();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
    } else {
      console.error(`Pairwise could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
    process.exit(1);
  }
}
