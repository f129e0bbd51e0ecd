/**
 * Automatic replies, short enough for one SMS in most languages. No personal data, no wording that
 * reveals anything about the person's status (a phone can be seen by others).
 */
export type ReplyTemplate = 'acknowledgement' | 'opted_out';

const templates: Record<ReplyTemplate, Record<string, string>> = {
  acknowledgement: {
    en: 'Lifeline: we got your message. Ref {ref}. A responder will answer here. Reply STOP to end messages.',
    fr: 'Lifeline : message reçu. Réf {ref}. Un intervenant vous répondra ici. STOP pour arrêter.',
    ar: 'لايف لاين: وصلتنا رسالتك. المرجع {ref}. سيرد عليك أحد المستجيبين هنا. أرسل توقف لإيقاف الرسائل.',
    es: 'Lifeline: recibimos su mensaje. Ref {ref}. Le responderán aquí. Responda STOP para no recibir más.',
  },
  opted_out: {
    en: 'Lifeline: you will get no more messages, except answers to your own requests. Ref {ref}.',
    fr: 'Lifeline : vous ne recevrez plus de messages, sauf les réponses à vos demandes. Réf {ref}.',
    ar: 'لايف لاين: لن تصلك رسائل بعد الآن إلا ردود على طلباتك. المرجع {ref}.',
    es: 'Lifeline: no recibirá más mensajes, salvo respuestas a sus solicitudes. Ref {ref}.',
  },
};

export const replyLanguages = Object.keys(templates.acknowledgement);

/**
 * A first guess of the language to answer in, before triage runs: the sender's known language, else the
 * script of the message (Arabic script, Latin with French or Spanish cues), else the channel's default.
 */
export function replyLanguage(text: string, known: string | null | undefined, channelDefault: string | undefined): string {
  const base = known?.slice(0, 2).toLowerCase();
  if (base && replyLanguages.includes(base)) return base;
  if (/[\u0600-\u06FF]/.test(text)) return 'ar';
  const lower = ` ${text.toLowerCase()} `;
  if (/ (je|nous|aidez|s'il|besoin|bonjour|merci) /.test(lower)) return 'fr';
  if (/ (ayuda|necesitamos|estamos|por favor|hola|gracias) /.test(lower)) return 'es';
  return channelDefault && replyLanguages.includes(channelDefault) ? channelDefault : 'en';
}

export function renderReply(template: ReplyTemplate, language: string, values: { ref: string }): string {
  const set = templates[template];
  return (set[language] ?? set['en'] ?? '').replace('{ref}', values.ref);
}
