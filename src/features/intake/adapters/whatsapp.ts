/** WhatsApp Cloud API: X-Hub-Signature-256 over the raw body; the GET subscription handshake. */
import { createHmac } from 'node:crypto';
import { AppError } from '../../../http/errors.ts';
import { safeEqual } from '../../../shared/crypto.ts';
import { type ChannelAdapter, type InboundMessage, postProvider, type StatusUpdate } from './adapter.ts';

interface WaMessage { from?: string; id?: string; timestamp?: string; type?: string; text?: { body?: string }; location?: { latitude?: number; longitude?: number }; image?: { id?: string; mime_type?: string; caption?: string }; audio?: { id?: string; mime_type?: string } }
interface WaStatus { id?: string; status?: string; errors?: Array<{ code?: number }> }
interface WaBody { entry?: Array<{ changes?: Array<{ value?: { messages?: WaMessage[]; statuses?: WaStatus[] } }> }> }

export function whatsappSignature(appSecret: string, raw: Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

const statusMap: Record<string, StatusUpdate['status']> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

export const whatsappAdapter: ChannelAdapter = {
  kind: 'whatsapp',
  addressIsPhone: true,
  verify(request, _channel, secrets) {
    if (!secrets.appSecret) throw new AppError('UNAUTHENTICATED', 'This channel has no WhatsApp app secret configured');
    const given = request.headers['x-hub-signature-256'];
    if (typeof given !== 'string') throw new AppError('UNAUTHENTICATED', 'X-Hub-Signature-256 is missing');
    if (!request.rawBody || !safeEqual(given, whatsappSignature(secrets.appSecret, request.rawBody))) {
      throw new AppError('UNAUTHENTICATED', 'X-Hub-Signature-256 does not match');
    }
  },
  parse(request) {
    const body = request.body as WaBody;
    if (!body || !Array.isArray(body.entry)) throw AppError.validation('entry', 'required', 'entry must be a list of WhatsApp changes');
    const messages: InboundMessage[] = [];
    const statuses: StatusUpdate[] = [];
    for (const entry of body.entry) {
      for (const change of entry.changes ?? []) {
        for (const m of change.value?.messages ?? []) {
          if (!m.from) continue;
          const media = m.image ? [{ id: m.image.id, contentType: m.image.mime_type }] : m.audio ? [{ id: m.audio.id, contentType: m.audio.mime_type }] : [];
          const location = m.location?.latitude !== undefined && m.location.longitude !== undefined ? { lat: m.location.latitude, lon: m.location.longitude, precisionM: 50 } : undefined;
          messages.push({
            from: `+${m.from.replace(/^\+/, '')}`,
            text: m.text?.body ?? m.image?.caption ?? '',
            providerMessageId: m.id,
            media,
            ...(location ? { location } : {}),
            ...(m.timestamp ? { sentAt: new Date(Number(m.timestamp) * 1000) } : {}),
          });
        }
        for (const s of change.value?.statuses ?? []) {
          const mapped = s.status ? statusMap[s.status] : undefined;
          if (s.id && mapped) statuses.push({ providerMessageId: s.id, status: mapped, providerStatus: s.status as string, ...(s.errors?.[0]?.code ? { errorCode: String(s.errors[0].code) } : {}) });
        }
      }
    }
    return { messages, statuses };
  },
  async send(channel, secrets, to, text, fetcher = fetch) {
    const phoneNumberId = channel.settings['phoneNumberId'];
    if (!secrets.accessToken || typeof phoneNumberId !== 'string') throw new Error('WhatsApp access token and phoneNumberId are not configured');
    const base = typeof channel.settings['apiBaseUrl'] === 'string' ? channel.settings['apiBaseUrl'] : 'https://graph.facebook.com/v21.0';
    const response = await postProvider(fetcher, `${base}/${phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: to.replace(/^\+/, ''), type: 'text', text: { body: text } }),
    });
    const json = (await response.json()) as { messages?: Array<{ id?: string }> };
    return { providerMessageId: json.messages?.[0]?.id ?? '' };
  },
};
