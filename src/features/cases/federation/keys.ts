/**
 * This deployment's Ed25519 signing key (made on first use; the private key sealed with the server key) and the
 * signature helpers the transfer protocol uses. Keys travel as SPKI DER in base64.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { decryptSecret, encryptSecret } from '../../../shared/crypto.ts';

export interface DeploymentKey {
  publicKey: string;
  privateKey: KeyObject;
}

const cache = new WeakMap<Buffer, DeploymentKey>();

export async function deploymentKey(db: Kysely<Database>, secretKey: Buffer): Promise<DeploymentKey> {
  const hit = cache.get(secretKey);
  if (hit) return hit;
  let row = await db.selectFrom('deployment_keys').selectAll().executeTakeFirst();
  if (!row) {
    const pair = generateKeyPairSync('ed25519');
    const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const sealed = encryptSecret(pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'), secretKey);
    await db.insertInto('deployment_keys').values({ public_key: publicKey, private_key_encrypted: sealed }).onConflict((oc) => oc.column('id').doNothing()).execute();
    row = await db.selectFrom('deployment_keys').selectAll().executeTakeFirstOrThrow();
  }
  const privateKey = createPrivateKey({ key: Buffer.from(decryptSecret(row.private_key_encrypted, secretKey), 'base64'), format: 'der', type: 'pkcs8' });
  const key = { publicKey: row.public_key, privateKey };
  cache.set(secretKey, key);
  return key;
}

export function signBytes(privateKey: KeyObject, bytes: Buffer): string {
  return sign(null, bytes, privateKey).toString('base64');
}

/** False for a bad key, a bad signature or anything malformed: never throws. */
export function verifyBytes(publicKeyB64: string, bytes: Buffer, signatureB64: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
    return verify(null, bytes, key, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

/** Is this a usable Ed25519 public key in SPKI DER base64? */
export function isEd25519PublicKey(value: string): boolean {
  try {
    return createPublicKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}
