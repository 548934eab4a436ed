import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureLocalCa } from './local-ca';

describe('ensureLocalCa', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairwise-ca-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a CA whose server certificate covers the loopback names and is reused on the next start', () => {
    const first = ensureLocalCa(dir);
    const cert = new X509Certificate(first.serverCert.cert);
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.verify(new X509Certificate(first.caCertPem).publicKey)).toBe(true);
    const second = ensureLocalCa(dir);
    expect(second.caCertPem).toBe(first.caCertPem);
    expect(second.serverCert.cert).toBe(first.serverCert.cert);
  });

  it('is trusted by a TLS client given the CA, and refused without it', async () => {
    const ca = ensureLocalCa(dir);
    const server = createServer({ cert: ca.serverCert.cert, key: ca.serverCert.key }, (_req, res) =>
      res.end('ok'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const get = (trust: boolean) =>
      new Promise<string>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/', ...(trust ? { ca: ca.caCertPem } : {}) },
          (res) => {
            res.setEncoding('utf8');
            let body = '';
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve(body));
          },
        );
        req.on('error', reject);
        req.end();
      });
    try {
      await expect(get(true)).resolves.toBe('ok');
      await expect(get(false)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    } finally {
      server.close();
    }
  });
});
