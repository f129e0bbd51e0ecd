/**
 * A generic "external" HTTP channel, compatible with RapidPro/Courier-style gateways and Android SMS
 * gateway apps: form or JSON fields `from`, `text`, optional `id` and `date`; a shared secret in
 * X-Lifeline-Secret. Outbound messages are POSTed as a form (to, text, from, id) to the configured sendUrl.
 */
import { AppError } from '../../../http/errors.ts';
import { safeEqual } from '../../../shared/crypto.ts';
import { type ChannelAdapter, field, postProvider } from './adapter.ts';

export const externalAdapter: ChannelAdapter = {
  kind: 'external',
  addressIsPhone: true,
  verify(request, _channel, secrets) {
    if (!secrets.secretToken) throw new AppError('UNAUTHENTICATED', 'This channel has no shared secret configured');
    const given = request.headers['x-lifeline-secret'];
    if (typeof given !== 'string' || !safeEqual(given, secrets.secretToken)) throw new AppError('UNAUTHENTICATED', 'X-Lifeline-Secret is missing or wrong');
  },
  parse(request) {
    const body = request.body;
    const from = field(body, 'from') ?? field(body, 'sender') ?? field(body, 'phone');
    const text = field(body, 'text') ?? field(body, 'message') ?? field(body, 'body');
    if (!from) throw AppError.validation('from', 'required', 'from is missing');
    if (text === undefined) throw AppError.validation('text', 'required', 'text is missing');
    const date = field(body, 'date');
    const sentAt = date ? new Date(date) : undefined;
    return {
      messages: [{ from, text, providerMessageId: field(body, 'id') ?? field(body, 'message_id'), ...(sentAt && !Number.isNaN(sentAt.getTime()) ? { sentAt } : {}) }],
      statuses: [],
    };
  },
  async send(channel, secrets, to, text, fetcher = fetch) {
    const url = channel.settings['sendUrl'];
    if (typeof url !== 'string') throw new Error('sendUrl is not configured for this external channel');
    const id = crypto.randomUUID();
    await postProvider(fetcher, url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(secrets.secretToken ? { 'x-lifeline-secret': secrets.secretToken } : {}) },
      body: new URLSearchParams({ to, text, from: channel.address, id }).toString(),
    });
    return { providerMessageId: id };
  },
};
