/**
 * One interface for every channel: verify the provider's signature, turn its webhook into inbound
 * messages or delivery receipts, answer it, and send a message out.
 */
import type { FastifyRequest } from 'fastify';
import type { ChannelSecrets } from '../channel-secrets.ts';

export interface ChannelInfo {
  id: string;
  kind: string;
  crisisId: string;
  address: string;
  settings: Record<string, unknown>;
}

/** Where the sender says they are, at the precision they chose: a point, a place name, or both. */
export interface MessageLocation {
  lat?: number;
  lon?: number;
  precisionM?: number;
  place?: string;
  precision?: 'exact' | 'area' | 'city';
}

export interface InboundMessage {
  /** The sender's address as the provider wrote it (phone number or handle). */
  from: string;
  text: string;
  providerMessageId: string | undefined;
  media?: Array<{ url?: string; contentType?: string; id?: string }>;
  location?: MessageLocation;
  language?: string;
  sentAt?: Date;
  /** Channel details without personal data (a hotline call's duration), stored with the message. */
  metadata?: Record<string, unknown>;
}

export interface StatusUpdate {
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  providerStatus: string;
  errorCode?: string;
}

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
}

export interface SendResult {
  providerMessageId: string;
}

/** Thrown by `send` when the provider asks to slow down; the dispatcher retries after `retryAfterMs`. */
export class ProviderBusy extends Error {
  override readonly name = 'ProviderBusy';
  constructor(readonly retryAfterMs: number) {
    super(`provider asked to retry after ${retryAfterMs} ms`);
  }
}

export interface ChannelAdapter {
  kind: string;
  /** Whether the sender's address is a phone number (normalised to E.164) or a handle. */
  addressIsPhone: boolean;
  /** Throws AppError UNAUTHENTICATED when the signature is missing or wrong. */
  verify(request: FastifyRequest, channel: ChannelInfo, secrets: ChannelSecrets, publicUrl: string): void;
  parse(request: FastifyRequest, channel: ChannelInfo): ParsedWebhook;
  /** What the provider expects back once the messages are stored (status 200 and a body). */
  acknowledge?(): { contentType: string; body: string };
  send(channel: ChannelInfo, secrets: ChannelSecrets, to: string, text: string, fetcher?: typeof fetch): Promise<SendResult>;
}

export function field(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function retryAfterMs(header: string | null): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : 1000;
}

export async function postProvider(fetcher: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  const response = await fetcher(url, { ...init, signal: AbortSignal.timeout(15_000) });
  if (response.status === 429 || response.status === 503) throw new ProviderBusy(retryAfterMs(response.headers.get('retry-after')));
  if (!response.ok) throw new Error(`provider answered ${response.status}`);
  return response;
}
