/**
 * Africa's Talking SMS. Its callbacks are not signed, so the callback URL carries a secret
 * (?secret=...) that must match the channel's callbackSecret; delivery reports arrive on the same URL.
 */
import { AppError } from '../../../http/errors.ts';
import { safeEqual } from '../../../shared/crypto.ts';
import { type ChannelAdapter, field, postProvider, ProviderBusy, type StatusUpdate } from './adapter.ts';

const statusMap: Record<string, StatusUpdate['status']> = { Sent: 'sent', Submitted: 'sent', Buffered: 'sent', Success: 'delivered', Failed: 'failed', Rejected: 'failed' };

export const africasTalkingAdapter: ChannelAdapter = {
  kind: 'africas_talking',
  addressIsPhone: true,
  verify(request, _channel, secrets) {
    if (!secrets.callbackSecret) throw new AppError('UNAUTHENTICATED', "This channel has no Africa's Talking callback secret configured");
    const given = (request.query as Record<string, unknown>)['secret'];
    if (typeof given !== 'string' || !safeEqual(given, secrets.callbackSecret)) throw new AppError('UNAUTHENTICATED', 'The callback secret is missing or wrong');
  },
  parse(request) {
    const body = request.body;
    const id = field(body, 'id');
    const status = field(body, 'status');
    if (status && id && field(body, 'text') === undefined) {
      const mapped = statusMap[status];
      return { messages: [], statuses: mapped ? [{ providerMessageId: id, status: mapped, providerStatus: status, ...(field(body, 'failureReason') ? { errorCode: field(body, 'failureReason') as string } : {}) }] : [] };
    }
    const from = field(body, 'from');
    if (!from) throw AppError.validation('from', 'required', 'from is missing');
    const date = field(body, 'date');
    return { messages: [{ from, text: field(body, 'text') ?? '', providerMessageId: id, ...(date && !Number.isNaN(Date.parse(date)) ? { sentAt: new Date(date) } : {}) }], statuses: [] };
  },
  async send(channel, secrets, to, text, fetcher = fetch) {
    const username = channel.settings['username'];
    if (!secrets.apiKey || typeof username !== 'string') throw new Error("Africa's Talking API key and username are not configured");
    const base = typeof channel.settings['apiBaseUrl'] === 'string' ? channel.settings['apiBaseUrl'] : 'https://api.africastalking.com';
    const response = await postProvider(fetcher, `${base}/version1/messaging`, {
      method: 'POST',
      headers: { apiKey: secrets.apiKey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, to, message: text, ...(channel.address ? { from: channel.address } : {}) }).toString(),
    });
    const json = (await response.json()) as { SMSMessageData?: { Recipients?: Array<{ messageId?: string; statusCode?: number }> } };
    const recipient = json.SMSMessageData?.Recipients?.[0];
    if (recipient?.statusCode === 405 || recipient?.statusCode === 406) throw new ProviderBusy(5000);
    return { providerMessageId: recipient?.messageId ?? '' };
  },
};
