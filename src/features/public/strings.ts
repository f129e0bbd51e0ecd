/** Words of the public pages, in every shipped language. A test fails when one is missing. */
export const publicLanguages = ['en', 'fr', 'ar', 'es'] as const;
export type PublicLanguage = (typeof publicLanguages)[number];
export const rtlLanguages = new Set<string>(['ar', 'fa', 'ur', 'ps', 'he']);
export const languageNames: Record<PublicLanguage, string> = { en: 'English', fr: 'Français', ar: 'العربية', es: 'Español' };

export const sosStrings = {
  title: { en: 'Ask for help', fr: "Demander de l'aide", ar: 'اطلب المساعدة', es: 'Pedir ayuda' },
  intro: {
    en: 'Write what is happening and what you need. You do not have to give your name. Help does not depend on your papers or your nationality.',
    fr: "Écrivez ce qui se passe et ce dont vous avez besoin. Vous n'êtes pas obligé de donner votre nom. L'aide ne dépend pas de vos papiers ni de votre nationalité.",
    ar: 'اكتب ما يحدث وما تحتاجه. لست مضطرًا لذكر اسمك. المساعدة لا تعتمد على أوراقك أو جنسيتك.',
    es: 'Escriba qué está pasando y qué necesita. No tiene que dar su nombre. La ayuda no depende de sus papeles ni de su nacionalidad.',
  },
  danger: {
    en: 'If your life is in danger now, also call the local emergency number if it is safe to do so.',
    fr: "Si votre vie est en danger maintenant, appelez aussi le numéro d'urgence local si vous pouvez le faire sans risque.",
    ar: 'إذا كانت حياتك في خطر الآن، اتصل أيضًا برقم الطوارئ المحلي إذا كان ذلك آمنًا.',
    es: 'Si su vida está en peligro ahora, llame también al número de emergencia local si es seguro hacerlo.',
  },
  messageLabel: { en: 'What is happening? What do you need?', fr: 'Que se passe-t-il ? De quoi avez-vous besoin ?', ar: 'ماذا يحدث؟ ماذا تحتاج؟', es: '¿Qué está pasando? ¿Qué necesita?' },
  messageHint: { en: 'For example: how many people, children, injuries, where you are.', fr: 'Par exemple : combien de personnes, enfants, blessés, où vous êtes.', ar: 'مثلًا: عدد الأشخاص، الأطفال، الإصابات، مكان وجودكم.', es: 'Por ejemplo: cuántas personas, niños, heridos, dónde están.' },
  placeLabel: { en: 'Where are you? (optional)', fr: 'Où êtes-vous ? (facultatif)', ar: 'أين أنت؟ (اختياري)', es: '¿Dónde está? (opcional)' },
  placeHint: { en: 'A street, a neighbourhood, a building or a landmark. Share only what you want.', fr: 'Une rue, un quartier, un bâtiment ou un repère. Partagez seulement ce que vous voulez.', ar: 'شارع أو حي أو مبنى أو معلم. شارك فقط ما تريد.', es: 'Una calle, un barrio, un edificio o un punto de referencia. Comparta solo lo que quiera.' },
  precisionLabel: { en: 'How precisely may we record this place?', fr: 'Avec quelle précision pouvons-nous noter ce lieu ?', ar: 'ما مدى الدقة التي يمكننا بها تسجيل هذا المكان؟', es: '¿Con qué precisión podemos registrar este lugar?' },
  precisionExact: { en: 'Exactly (so help can find me)', fr: "Exactement (pour que l'aide me trouve)", ar: 'بدقة (حتى تجدني المساعدة)', es: 'Exactamente (para que la ayuda me encuentre)' },
  precisionArea: { en: 'Only the neighbourhood', fr: 'Seulement le quartier', ar: 'الحي فقط', es: 'Solo el barrio' },
  precisionCity: { en: 'Only the city', fr: 'Seulement la ville', ar: 'المدينة فقط', es: 'Solo la ciudad' },
  callbackLabel: { en: 'How can we answer you? (optional)', fr: 'Comment pouvons-nous vous répondre ? (facultatif)', ar: 'كيف يمكننا الرد عليك؟ (اختياري)', es: '¿Cómo podemos responderle? (opcional)' },
  callbackNone: { en: 'Do not contact me', fr: 'Ne pas me contacter', ar: 'لا تتصلوا بي', es: 'No me contacten' },
  callbackSms: { en: 'SMS or call', fr: 'SMS ou appel', ar: 'رسالة نصية أو مكالمة', es: 'SMS o llamada' },
  callbackWhatsapp: { en: 'WhatsApp', fr: 'WhatsApp', ar: 'واتساب', es: 'WhatsApp' },
  phoneLabel: { en: 'Phone number, with country code', fr: 'Numéro de téléphone, avec indicatif du pays', ar: 'رقم الهاتف مع رمز الدولة', es: 'Número de teléfono, con código de país' },
  languageLabel: { en: 'Language', fr: 'Langue', ar: 'اللغة', es: 'Idioma' },
  send: { en: 'Send for help', fr: "Envoyer la demande d'aide", ar: 'أرسل طلب المساعدة', es: 'Enviar pedido de ayuda' },
  privacy: {
    en: 'Only responders who help you can read this. We never give it to police or immigration authorities. It is deleted when it is no longer needed.',
    fr: "Seuls les intervenants qui vous aident peuvent lire ceci. Nous ne le donnons jamais à la police ni aux services d'immigration. Il est effacé quand il n'est plus utile.",
    ar: 'لا يقرأ هذا إلا المستجيبون الذين يساعدونك. لا نعطيه أبدًا للشرطة أو لسلطات الهجرة. يُحذف عندما لا تعود هناك حاجة إليه.',
    es: 'Solo los equipos que le ayudan pueden leer esto. Nunca lo damos a la policía ni a las autoridades de inmigración. Se borra cuando ya no es necesario.',
  },
  thanksTitle: { en: 'Your message was received', fr: 'Votre message a été reçu', ar: 'وصلتنا رسالتك', es: 'Recibimos su mensaje' },
  thanksReference: { en: 'Your reference:', fr: 'Votre référence :', ar: 'رقمك المرجعي:', es: 'Su referencia:' },
  thanksNext: {
    en: 'Keep this reference. A responder will read your message. If you gave a way to reach you, they will answer there.',
    fr: 'Gardez cette référence. Un intervenant va lire votre message. Si vous avez donné un moyen de vous joindre, il vous répondra par là.',
    ar: 'احتفظ بهذا الرقم. سيقرأ أحد المستجيبين رسالتك. إذا تركت وسيلة للتواصل فسيرد عليك عبرها.',
    es: 'Guarde esta referencia. Alguien de los equipos leerá su mensaje. Si dejó una forma de contactarle, le responderán por ahí.',
  },
  sendAnother: { en: 'Send another message', fr: 'Envoyer un autre message', ar: 'أرسل رسالة أخرى', es: 'Enviar otro mensaje' },
  errorTitle: { en: 'Please check the form', fr: 'Veuillez vérifier le formulaire', ar: 'يرجى مراجعة النموذج', es: 'Revise el formulario' },
  errorMessage: { en: 'Please write what is happening.', fr: 'Veuillez écrire ce qui se passe.', ar: 'يرجى كتابة ما يحدث.', es: 'Escriba qué está pasando.' },
  errorTooLong: { en: 'The message is too long (4000 characters at most).', fr: 'Le message est trop long (4000 caractères au plus).', ar: 'الرسالة طويلة جدًا (4000 حرف كحد أقصى).', es: 'El mensaje es demasiado largo (4000 caracteres como máximo).' },
  errorPhone: { en: 'This phone number cannot be read. Write it with the country code, for example +249 91 234 5678.', fr: 'Ce numéro ne peut pas être lu. Écrivez-le avec l’indicatif du pays, par exemple +249 91 234 5678.', ar: 'لا يمكن قراءة رقم الهاتف هذا. اكتبه مع رمز الدولة، مثل ‎+249 91 234 5678.', es: 'No se puede leer este número. Escríbalo con el código de país, por ejemplo +249 91 234 5678.' },
  errorExpired: { en: 'The form was open too long or sent too fast. Please send it again.', fr: 'Le formulaire est resté ouvert trop longtemps ou a été envoyé trop vite. Veuillez le renvoyer.', ar: 'بقي النموذج مفتوحًا مدة طويلة أو أُرسل بسرعة كبيرة. يرجى إرساله مرة أخرى.', es: 'El formulario estuvo abierto demasiado tiempo o se envió demasiado rápido. Envíelo de nuevo.' },
  notFound: { en: 'There is no help form at this address.', fr: "Il n'y a pas de formulaire d'aide à cette adresse.", ar: 'لا يوجد نموذج مساعدة على هذا العنوان.', es: 'No hay un formulario de ayuda en esta dirección.' },
} satisfies Record<string, Record<PublicLanguage, string>>;

export type SosStringKey = keyof typeof sosStrings;

export function pickLanguage(query: string | undefined, acceptLanguage: string | undefined): PublicLanguage {
  const wanted = [query, ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]?.trim())];
  for (const tag of wanted) {
    const base = tag?.slice(0, 2).toLowerCase();
    if (base && (publicLanguages as readonly string[]).includes(base)) return base as PublicLanguage;
  }
  return 'en';
}
