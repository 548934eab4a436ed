import { ensureLocalCa, localStateDir } from '../tls/local-ca';

// Prints the CA path, creating the local CA on first use.
process.stdout.write(ensureLocalCa(localStateDir('tls')).caCertPath);
