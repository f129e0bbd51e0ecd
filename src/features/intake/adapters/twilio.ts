/** Twilio SMS (and Twilio WhatsApp): X-Twilio-Signature over the URL and sorted form fields. */
import { createHmac } from 'node:crypto';
import { AppError } from '../../../http/errors.ts';
import { safeEqual } from '../../../shared/crypto.ts';
import { type ChannelAdapter, field, postProvider, type StatusUpdate } from './adapter.ts';

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

const statusMap: Record<string, StatusUpdate['status']> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed', undelivered: 'failed' };

export const twilioAdapter: ChannelAdapter = {
  kind: 'twilio',
  addressIsPhone: true,
  verify(request, _channel, secrets, publicUrl) {
    const given = request.headers['x-twilio-signature'];
    if (!secrets.authToken) throw new AppError('UNAUTHENTICATED', 'This channel has no Twilio auth token configured');
    if (typeof given !== 'string') throw new AppError('UNAUTHENTICATED', 'X-Twilio-Signature is missing');
    const params = Object.fromEntries(Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const expected = twilioSignature(secrets.authToken, publicUrl + request.url, params);
    if (!safeEqual(given, expected)) throw new AppError('UNAUTHENTICATED', 'X-Twilio-Signature does not match');
  },
  parse(request) {
    const body = request.body;
    const sid = field(body, 'MessageSid') ?? field(body, 'SmsSid');
    const status = field(body, 'MessageStatus') ?? field(body, 'SmsStatus');
    const text = field(body, 'Body');
    if (status && text === undefined && sid) {
      const mapped = statusMap[status];
      return { messages: [], statuses: mapped ? [{ providerMessageId: sid, status: mapped, providerStatus: status, ...(field(body, 'ErrorCode') ? { errorCode: field(body, 'ErrorCode') as string } : {}) }] : [] };
    }
    const from = field(body, 'From');
    if (!from) throw AppError.validation('From', 'required', 'From is missing');
    const mediaCount = Number(field(body, 'NumMedia') ?? '0');
    const media = Array.from({ length: Number.isInteger(mediaCount) ? Math.min(mediaCount, 10) : 0 }, (_, i) => ({
      url: field(body, `MediaUrl${i}`),
      contentType: field(body, `MediaContentType${i}`),
    }));
    const lat = Number(field(body, 'Latitude'));
    const lon = Number(field(body, 'Longitude'));
    return {
      messages: [
        {
          from: from.replace(/^whatsapp:/, ''),
          text: text ?? '',
          providerMessageId: sid,
          media,
          ...(Number.isFinite(lat) && Number.isFinite(lon) && field(body, 'Latitude') ? { location: { lat, lon, precisionM: 50 } } : {}),
        },
      ],
      statuses: [],
    };
  },
  acknowledge: () => ({ contentType: 'text/xml; charset=utf-8', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' }),
  async send(channel, secrets, to, text, fetcher = fetch) {
    if (!secrets.accountSid || !secrets.authToken) throw new Error('Twilio account SID and auth token are not configured');
    const base = typeof channel.settings['apiBaseUrl'] === 'string' ? channel.settings['apiBaseUrl'] : 'https://api.twilio.com';
    const response = await postProvider(fetcher, `${base}/2010-04-01/Accounts/${secrets.accountSid}/Messages.json`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${secrets.accountSid}:${secrets.authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: channel.address, To: to, Body: text }).toString(),
    });
    const json = (await response.json()) as { sid?: string };
    return { providerMessageId: json.sid ?? '' };
  },
};
