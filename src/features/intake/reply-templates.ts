/**
 * Automatic replies, short enough for one SMS in most languages. No personal data, no wording that
 * reveals anything about the person's status (a phone can be seen by others).
 */
export type ReplyTemplate = 'acknowledgement' | 'opted_out' | 'referral_accepted' | 'referral_declined' | 'referral_completed' | 'tracing_news';

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
  // Referral updates name no service and no organisation: someone else may read the phone.
  referral_accepted: {
    en: 'Lifeline: a service has agreed to help you. A responder will contact you with details. Ref {ref}.',
    fr: 'Lifeline : un service a accepté de vous aider. Un intervenant vous contactera. Réf {ref}.',
    ar: 'لايف لاين: وافقت جهة على مساعدتك. سيتواصل معك أحد المستجيبين بالتفاصيل. المرجع {ref}.',
    es: 'Lifeline: un servicio aceptó ayudarle. Le contactarán con los detalles. Ref {ref}.',
  },
  referral_declined: {
    en: 'Lifeline: we are looking for another service for you. We will write again here. Ref {ref}.',
    fr: 'Lifeline : nous cherchons un autre service pour vous. Nous vous écrirons ici. Réf {ref}.',
    ar: 'لايف لاين: نبحث لك عن جهة أخرى. سنكتب لك هنا مجدداً. المرجع {ref}.',
    es: 'Lifeline: buscamos otro servicio para usted. Le escribiremos aquí. Ref {ref}.',
  },
  referral_completed: {
    en: 'Lifeline: your case was updated. Reply here if you still need help. Ref {ref}.',
    fr: 'Lifeline : votre dossier a été mis à jour. Répondez ici si vous avez encore besoin d\'aide. Réf {ref}.',
    ar: 'لايف لاين: تم تحديث ملفك. رد هنا إذا كنت لا تزال بحاجة إلى مساعدة. المرجع {ref}.',
    es: 'Lifeline: su caso fue actualizado. Responda aquí si aún necesita ayuda. Ref {ref}.',
  },
  // After a confirmed tracing match, to a side that agreed to be told: it names nobody, no place and not the other
  // side, and does not say a person was found (the phone may be read by others); a caseworker gives the news.
  tracing_news: {
    en: 'Lifeline: there is news about your tracing request. A Lifeline caseworker will contact you. Ref {ref}.',
    fr: 'Lifeline : il y a du nouveau sur votre demande de recherche. Un intervenant de Lifeline vous contactera. Réf {ref}.',
    ar: 'لايف لاين: هناك جديد بخصوص طلب البحث الخاص بك. سيتواصل معك أحد العاملين في لايف لاين. المرجع {ref}.',
    es: 'Lifeline: hay novedades sobre su solicitud de búsqueda. Una persona de Lifeline le contactará. Ref {ref}.',
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
