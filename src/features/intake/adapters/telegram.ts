/** Telegram bot webhook: X-Telegram-Bot-Api-Secret-Token; the sender is the chat id. */
import { AppError } from '../../../http/errors.ts';
import { safeEqual } from '../../../shared/crypto.ts';
import { type ChannelAdapter, postProvider } from './adapter.ts';

interface TgUpdate { update_id?: number; message?: { message_id?: number; date?: number; text?: string; caption?: string; chat?: { id?: number }; from?: { language_code?: string }; location?: { latitude?: number; longitude?: number; horizontal_accuracy?: number } } }

export const telegramAdapter: ChannelAdapter = {
  kind: 'telegram',
  addressIsPhone: false,
  verify(request, _channel, secrets) {
    if (!secrets.secretToken) throw new AppError('UNAUTHENTICATED', 'This channel has no Telegram secret token configured');
    const given = request.headers['x-telegram-bot-api-secret-token'];
    if (typeof given !== 'string' || !safeEqual(given, secrets.secretToken)) throw new AppError('UNAUTHENTICATED', 'X-Telegram-Bot-Api-Secret-Token is missing or wrong');
  },
  parse(request) {
    const update = request.body as TgUpdate;
    if (!update || typeof update.update_id !== 'number') throw AppError.validation('update_id', 'required', 'update_id is missing');
    const m = update.message;
    if (!m?.chat?.id) return { messages: [], statuses: [] };
    const loc = m.location;
    return {
      messages: [
        {
          from: String(m.chat.id),
          text: m.text ?? m.caption ?? '',
          providerMessageId: `${m.chat.id}:${m.message_id ?? update.update_id}`,
          ...(loc?.latitude !== undefined && loc.longitude !== undefined ? { location: { lat: loc.latitude, lon: loc.longitude, precisionM: loc.horizontal_accuracy ?? 50 } } : {}),
          ...(m.from?.language_code ? { language: m.from.language_code } : {}),
          ...(m.date ? { sentAt: new Date(m.date * 1000) } : {}),
        },
      ],
      statuses: [],
    };
  },
  async send(channel, secrets, to, text, fetcher = fetch) {
    if (!secrets.botToken) throw new Error('Telegram bot token is not configured');
    const base = typeof channel.settings['apiBaseUrl'] === 'string' ? channel.settings['apiBaseUrl'] : 'https://api.telegram.org';
    const response = await postProvider(fetcher, `${base}/bot${secrets.botToken}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: to, text }),
    });
    const json = (await response.json()) as { result?: { message_id?: number } };
    return { providerMessageId: `${to}:${json.result?.message_id ?? ''}` };
  },
};
