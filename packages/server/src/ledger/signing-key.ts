import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Signs ledger record hashes with the server's Ed25519 key. */
export interface LedgerSigner {
  /** Base64 Ed25519 signature of the UTF-8 bytes of `message`. */
  sign(message: string): string;
  /** The public key, PEM (SPKI), as published for observers. */
  readonly publicKeyPem: string;
}

/** Checks signatures against a published public key. */
export function signatureChecker(
  publicKeyPem: string,
): (message: string, signature: string) => boolean {
  const key = createPublicKey(publicKeyPem);
  return (message, signature) => {
    try {
      return verify(null, Buffer.from(message), key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  };
}

/** A signer over an Ed25519 private key. */
export function signerFromKey(privateKey: KeyObject): LedgerSigner {
  const publicKeyPem = createPublicKey(privateKey)
    .export({ type: 'spki', format: 'pem' })
    .toString();
  return {
    sign: (message) => sign(null, Buffer.from(message), privateKey).toString('base64'),
    publicKeyPem,
  };
}

/**
 * Loads the server's signing key from a PEM file, creating it (mode 0600) when missing.
 * @example const signer = loadOrCreateSigningKey('canvass.db.signing-key.pem');
 */
export function loadOrCreateSigningKey(path: string): LedgerSigner {
  if (existsSync(path)) return signerFromKey(createPrivateKey(readFileSync(path)));
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
    flag: 'wx',
  });
  return signerFromKey(privateKey);
}
