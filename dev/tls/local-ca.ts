import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import forge from 'node-forge';

/**
 * A local certificate authority, generated at first start into `.local/tls/` (never committed). Our own
 * processes trust it through NODE_EXTRA_CA_CERTS; TLS verification is never turned off.
 */
export interface LocalCa {
  caCertPath: string;
  caCertPem: string;
  /** A server certificate for loopback names, signed by the CA. */
  serverCert: { cert: string; key: string };
}

const serverNames = ['localhost', '127.0.0.1', '::1'];

function newKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

function serial(): string {
  // Positive, 16 bytes: the first nibble is kept below 8.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function createCa(): { certPem: string; keyPem: string } {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600_000);
  const attrs = [{ name: 'commonName', value: 'Pairwise local development CA' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKeyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
}

function createServerCert(ca: { certPem: string; keyPem: string }): { cert: string; key: string } {
  const keys = newKeyPair();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: serverNames.map((name) =>
        /^[\d.:]+$/.test(name) ? { type: 7, ip: name } : { type: 2, value: name },
      ),
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.privateKeyPem };
}

function stillValid(certPem: string, marginDays: number): boolean {
  const cert = forge.pki.certificateFromPem(certPem);
  return cert.validity.notAfter.getTime() - Date.now() > marginDays * 24 * 3600_000;
}

/** Loads the local CA from `dir`, creating it (and a fresh server certificate) when missing or near expiry. */
export function ensureLocalCa(dir: string): LocalCa {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caCertPath = join(dir, 'ca.pem');
  const caKeyPath = join(dir, 'ca-key.pem');
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server-key.pem');

  let ca: { certPem: string; keyPem: string };
  if (existsSync(caCertPath) && existsSync(caKeyPath) && stillValid(readFileSync(caCertPath, 'utf8'), 30)) {
    ca = { certPem: readFileSync(caCertPath, 'utf8'), keyPem: readFileSync(caKeyPath, 'utf8') };
  } else {
    ca = createCa();
    writeFileSync(caKeyPath, ca.keyPem, { mode: 0o600 });
    writeFileSync(caCertPath, ca.certPem);
  }
  let server: { cert: string; key: string };
  const caChanged =
    existsSync(certPath) &&
    !forge.pki
      .certificateFromPem(ca.certPem)
      .verify(forge.pki.certificateFromPem(readFileSync(certPath, 'utf8')));
  if (
    existsSync(certPath) &&
    existsSync(keyPath) &&
    !caChanged &&
    stillValid(readFileSync(certPath, 'utf8'), 7)
  ) {
    server = { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  } else {
    server = createServerCert(ca);
    writeFileSync(keyPath, server.key, { mode: 0o600 });
    writeFileSync(certPath, server.cert);
  }
  return { caCertPath, caCertPem: ca.certPem, serverCert: server };
}

/** The repository's `.local/` folder, where generated local-only material lives. */
export function localStateDir(...parts: string[]): string {
  return join(__dirname, '..', '..', '.local', ...parts);
}
