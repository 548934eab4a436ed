import { randomBytes } from 'node:crypto';
import { type Server } from 'node:https';

import { createHttpsServer } from '@vercel/cosmosdb-server';

/**
 * A Cosmos DB–compatible server (`@vercel/cosmosdb-server`) in-process, over TLS with our local CA's certificate
 * (its bundled certificate expired in 2021) and keep-alive (5–7× faster). It accepts any key: a random one is
 * made per start so no key ever sits in the repository.
 */
export interface LocalCosmos {
  endpoint: string;
  key: string;
  stop(): Promise<void>;
}

export async function startLocalCosmos(tls: { cert: string; key: string }, port = 0): Promise<LocalCosmos> {
  const server: Server = createHttpsServer({ cert: tls.cert, key: tls.key, keepAlive: true });
  // Node closes an idle keep-alive socket after 5 s; a client that reuses it at that moment gets ECONNRESET (the
  // 10,000-pairing bench met it under load). The server keeps idle sockets longer than the Cosmos client does.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    endpoint: `https://127.0.0.1:${actualPort}/`,
    key: randomBytes(48).toString('base64'),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
