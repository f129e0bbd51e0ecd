/** The webhook channels by kind. (The web form and the hotline have routes of their own.) */
import type { ChannelAdapter } from './adapter.ts';
import { africasTalkingAdapter } from './africas-talking.ts';
import { externalAdapter } from './external.ts';
import { telegramAdapter } from './telegram.ts';
import { twilioAdapter } from './twilio.ts';
import { vonageAdapter } from './vonage.ts';
import { whatsappAdapter } from './whatsapp.ts';

export const adapters: Record<string, ChannelAdapter> = {
  twilio: twilioAdapter,
  whatsapp: whatsappAdapter,
  telegram: telegramAdapter,
  external: externalAdapter,
  africas_talking: africasTalkingAdapter,
  vonage: vonageAdapter,
};
