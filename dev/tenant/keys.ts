import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';

import { exportJWK, type JWK } from 'jose';
import forge from 'node-forge';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: JWK;
}

function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // Entra's kids are base64url SHA-1 thumbprint-like strings; a random one of the same shape is enough here.
  const kid = randomBytes(20).toString('base64url');
  return { kid, privateKey, publicKey, jwk: { kty: 'RSA' } };
}

/**
 * The token-signing keys. Like Entra, the JWKS always lists more than one key: the active one and the previous one,
 * so a rotation does not break tokens already issued (until the next rotation drops the old key).
 */
export class SigningKeys {
  private keys: SigningKey[] = [];

  static async create(): Promise<SigningKeys> {
    const keys = new SigningKeys();
    keys.keys = [await withJwk(newSigningKey()), await withJwk(newSigningKey())];
    return keys;
  }

  get active(): SigningKey {
    const key = this.keys[0];
    if (!key) throw new Error('no signing key');
    return key;
  }

  find(kid: string | undefined): SigningKey | undefined {
    return this.keys.find((k) => k.kid === kid);
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.jwk) };
  }

  /** Makes a new active key; the previous active key stays published; the oldest is dropped. */
  async rotate(): Promise<{ activeKid: string; publishedKids: string[] }> {
    const next = await withJwk(newSigningKey());
    this.keys = [next, this.active];
    return { activeKid: next.kid, publishedKids: this.keys.map((k) => k.kid) };
  }
}

async function withJwk(key: SigningKey): Promise<SigningKey> {
  const jwk = await exportJWK(key.publicKey);
  return { ...key, jwk: { ...jwk, kty: 'RSA', use: 'sig', kid: key.kid, alg: 'RS256' } };
}

export interface ClientCertificate {
  certPem: string;
  privateKeyPem: string;
  /** Hex SHA-1 of the DER certificate (the classic `x5t`). */
  thumbprintSha1: string;
  /** Hex SHA-256 of the DER certificate (`x5t#S256`, what msal-node 3+ sends). */
  thumbprintSha256: string;
}

/** A self-signed certificate registered on the backend app, for client_credentials with a certificate assertion. */
export function createClientCertificate(
  commonName: string,
  pems?: { certPem: string; privateKeyPem: string },
): ClientCertificate {
  let certPem: string;
  let privateKeyPem: string;
  if (pems) {
    ({ certPem, privateKeyPem } = pems);
  } else {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 2 * 365 * 24 * 3600_000);
    cert.setSubject([{ name: 'commonName', value: commonName }]);
    cert.setIssuer([{ name: 'commonName', value: commonName }]);
    cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
    certPem = forge.pki.certificateToPem(cert);
  }
  const der = Buffer.from(
    forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certPem))).getBytes(),
    'binary',
  );
  return {
    certPem,
    privateKeyPem,
    thumbprintSha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
    thumbprintSha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
  };
}

export function publicKeyOfCertificate(certPem: string): KeyObject {
  return createPublicKey(certPem);
}

export function privateKeyFromPem(pem: string): KeyObject {
  return createPrivateKey(pem);
}
