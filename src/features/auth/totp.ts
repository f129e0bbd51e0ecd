/** TOTP (RFC 6238) two-factor codes through otplib; secrets are stored encrypted with the server key. */
import { generate, generateSecret, generateURI, verify } from 'otplib';
import { decryptSecret, encryptSecret } from '../../shared/crypto.ts';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, label: string): string {
  return generateURI({ issuer: 'Lifeline', label, secret });
}

/** Accepts the current code and one 30-second step either side (clock drift on cheap phones). */
export async function isValidTotp(secret: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const result = await verify({ secret, token: code, epochTolerance: 30 });
  return result.valid;
}

export function currentTotp(secret: string): Promise<string> {
  return generate({ secret });
}

export function sealTotpSecret(secret: string, key: Buffer): string {
  return encryptSecret(secret, key);
}

export function openTotpSecret(sealed: string, key: Buffer): string {
  return decryptSecret(sealed, key);
}
