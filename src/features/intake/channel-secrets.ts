/** Channel credentials, sealed with the server key in the database and opened only to verify or send. */
import { z } from 'zod';
import { decryptSecret, encryptSecret } from '../../shared/crypto.ts';

export const ChannelSecrets = z
  .strictObject({
    authToken: z.string().min(8).max(400).optional().describe('Twilio auth token'),
    accountSid: z.string().max(100).optional().describe('Twilio account SID'),
    appSecret: z.string().min(8).max(400).optional().describe('WhatsApp (Meta) app secret'),
    verifyToken: z.string().min(8).max(400).optional().describe('WhatsApp webhook verify token'),
    accessToken: z.string().min(8).max(1000).optional().describe('WhatsApp Cloud API access token'),
    botToken: z.string().min(8).max(400).optional().describe('Telegram bot token'),
    secretToken: z.string().min(8).max(256).optional().describe('Telegram webhook secret or external gateway shared secret'),
    apiKey: z.string().min(8).max(400).optional().describe("Africa's Talking or Vonage API key"),
    apiSecret: z.string().min(8).max(400).optional().describe('Vonage API secret'),
    signatureSecret: z.string().min(8).max(400).optional().describe('Vonage signature secret for inbound webhooks'),
    callbackSecret: z.string().min(8).max(256).optional().describe("Africa's Talking: the secret put in the callback URL (?secret=...)"),
  })
  .describe('Provider secrets: stored encrypted, never returned');
export type ChannelSecrets = z.infer<typeof ChannelSecrets>;

export function sealSecrets(secrets: ChannelSecrets, key: Buffer): string {
  return encryptSecret(JSON.stringify(secrets), key);
}

export function openSecrets(sealed: string | null, key: Buffer): ChannelSecrets {
  if (!sealed) return {};
  return JSON.parse(decryptSecret(sealed, key)) as ChannelSecrets;
}
