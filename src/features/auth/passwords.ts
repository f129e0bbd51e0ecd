/**
 * Password hashing with argon2id (@node-rs/argon2). Parameters follow OWASP's minimum for argon2id
 * (19 MiB memory, 2 passes, 1 lane): deliberate cost, reported by bench/auth.ts.
 */
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

const ARGON2ID = 2; // @node-rs/argon2 Algorithm.Argon2id (a const enum, so not importable under isolatedModules)

export const argon2Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const passwordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters');

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

/** A hash of a random password, verified against when the user does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('no-such-user-dummy-password');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
