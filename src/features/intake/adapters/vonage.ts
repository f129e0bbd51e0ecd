/**
 * Vonage (Nexmo) SMS: inbound and delivery receipts signed with the signature secret (HMAC-SHA256 over
 * the sorted parameters, as Vonage's signed webhooks do); outbound through the SMS API.
 */
import { createHmac } from 'node:crypto';
import { AppError } from '../../../http/errors.ts';
import { safeEqual } from '../../../shared/crypto.ts';
import { type ChannelAdapter, field, postProvider, ProviderBusy, type StatusUpdate } from './adapter.ts';

function params(request: { body: unknown; query: unknown }): Record<string, string> {
  const source = request.body && typeof request.body === 'object' && Object.keys(request.body as object).length > 0 ? request.body : request.query;
  return Object.fromEntries(Object.entries((source ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

export function vonageSignature(secret: string, values: Record<string, string>): string {
  const data = Object.keys(values)
    .filter((k) => k !== 'sig')
    .sort()
    .map((k) => `&${k}=${(values[k] ?? '').replace(/[&=]/g, '_')}`)
    .join('');
  return createHmac('sha256', secret).update(data, 'utf8').digest('hex');
}

const statusMap: Record<string, StatusUpdate['status']> = { accepted: 'sent', buffered: 'sent', delivered: 'delivered', failed: 'failed', expired: 'failed', rejected: 'failed' };

export const vonageAdapter: ChannelAdapter = {
  kind: 'vonage',
  addressIsPhone: true,
  verify(request, _channel, secrets) {
    if (!secrets.signatureSecret) throw new AppError('UNAUTHENTICATED', 'This channel has no Vonage signature secret configured');
    const values = params(request);
    const given = values['sig'];
    if (!given) throw new AppError('UNAUTHENTICATED', 'sig is missing');
    if (!safeEqual(given.toLowerCase(), vonageSignature(secrets.signatureSecret, values))) throw new AppError('UNAUTHENTICATED', 'sig does not match');
    const timestamp = Number(values['timestamp']);
    if (Number.isFinite(timestamp) && Math.abs(Date.now() / 1000 - timestamp) > 300) throw new AppError('UNAUTHENTICATED', 'The signed timestamp is more than five minutes off');
  },
  parse(request) {
    const values = params(request);
    const messageId = values['messageId'];
    if (values['status'] && messageId && values['text'] === undefined) {
      const mapped = statusMap[values['status']];
      return { messages: [], statuses: mapped ? [{ providerMessageId: messageId, status: mapped, providerStatus: values['status'], ...(values['err-code'] && values['err-code'] !== '0' ? { errorCode: values['err-code'] } : {}) }] : [] };
    }
    const from = field(values, 'msisdn');
    if (!from) throw AppError.validation('msisdn', 'required', 'msisdn is missing');
    return { messages: [{ from: from.startsWith('+') ? from : `+${from}`, text: values['text'] ?? '', providerMessageId: messageId }], statuses: [] };
  },
  async send(channel, secrets, to, text, fetcher = fetch) {
    if (!secrets.apiKey || !secrets.apiSecret) throw new Error('Vonage API key and secret are not configured');
    const base = typeof channel.settings['apiBaseUrl'] === 'string' ? channel.settings['apiBaseUrl'] : 'https://rest.nexmo.com';
    const response = await postProvider(fetcher, `${base}/sms/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: secrets.apiKey, api_secret: secrets.apiSecret, from: channel.address.replace(/^\+/, ''), to: to.replace(/^\+/, ''), text, type: 'unicode' }).toString(),
    });
    const json = (await response.json()) as { messages?: Array<{ 'message-id'?: string; status?: string }> };
    const first = json.messages?.[0];
    if (first?.status === '1') throw new ProviderBusy(1000);
    if (first?.status && first.status !== '0') throw new Error(`Vonage refused the message (status ${first.status})`);
    return { providerMessageId: first?.['message-id'] ?? '' };
  },
};
