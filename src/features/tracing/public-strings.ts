/** Strings of the public tracing search page, in every public language (Arabic is shown right to left). */
import type { PublicLanguage } from '../public/strings.ts';

export const tracingStrings = {
  title: { en: 'Find a missing relative', fr: 'Retrouver un proche disparu', ar: 'ابحث عن قريب مفقود', es: 'Buscar a un familiar desaparecido' },
  intro: {
    en: 'Write the name of the person you are looking for. We never show anyone\'s details here: if there may be a match, a caseworker will contact you.',
    fr: 'Écrivez le nom de la personne que vous cherchez. Nous ne montrons jamais les informations de personne ici : s\'il y a peut-être une correspondance, un travailleur social vous contactera.',
    ar: 'اكتب اسم الشخص الذي تبحث عنه. لا نعرض هنا بيانات أي شخص: إذا كان هناك تطابق محتمل، سيتصل بك أحد العاملين في الحالات.',
    es: 'Escriba el nombre de la persona que busca. Aquí nunca mostramos los datos de nadie: si puede haber una coincidencia, un trabajador social se pondrá en contacto con usted.',
  },
  nameLabel: { en: 'Name of the person you are looking for', fr: 'Nom de la personne recherchée', ar: 'اسم الشخص الذي تبحث عنه', es: 'Nombre de la persona que busca' },
  nameHint: { en: 'Any spelling or script is fine.', fr: 'Toute orthographe ou écriture convient.', ar: 'أي تهجئة أو كتابة مقبولة.', es: 'Cualquier ortografía o escritura sirve.' },
  yearLabel: { en: 'Year of birth (if you know it)', fr: 'Année de naissance (si vous la connaissez)', ar: 'سنة الميلاد (إن كنت تعرفها)', es: 'Año de nacimiento (si lo sabe)' },
  search: { en: 'Search', fr: 'Rechercher', ar: 'ابحث', es: 'Buscar' },
  mayMatch: {
    en: 'There may be a match. A caseworker will contact you: leave a way to reach you below. Nothing about anyone is shown here.',
    fr: 'Il y a peut-être une correspondance. Un travailleur social vous contactera : laissez ci-dessous un moyen de vous joindre. Rien sur personne n\'est affiché ici.',
    ar: 'قد يكون هناك تطابق. سيتصل بك أحد العاملين في الحالات: اترك أدناه وسيلة للتواصل معك. لا يُعرض هنا شيء عن أي شخص.',
    es: 'Puede haber una coincidencia. Un trabajador social se pondrá en contacto con usted: deje abajo una forma de localizarle. Aquí no se muestra nada sobre nadie.',
  },
  noMatch: {
    en: 'We have nothing to tell you yet. Leave a request and we will keep looking; a caseworker will contact you if we find something.',
    fr: 'Nous n\'avons rien à vous dire pour l\'instant. Laissez une demande et nous continuerons à chercher ; un travailleur social vous contactera si nous trouvons quelque chose.',
    ar: 'ليس لدينا ما نخبرك به بعد. اترك طلبًا وسنواصل البحث؛ سيتصل بك أحد العاملين إذا وجدنا شيئًا.',
    es: 'Todavía no tenemos nada que decirle. Deje una solicitud y seguiremos buscando; un trabajador social le contactará si encontramos algo.',
  },
  requestTitle: { en: 'Leave a tracing request', fr: 'Laisser une demande de recherche', ar: 'اترك طلب بحث', es: 'Dejar una solicitud de búsqueda' },
  phoneLabel: { en: 'Your phone number (we call or write only through Lifeline; it is never shown to anyone)', fr: 'Votre numéro de téléphone (nous vous contactons seulement via Lifeline ; il n\'est jamais montré)', ar: 'رقم هاتفك (نتواصل معك عبر Lifeline فقط؛ لا يُعرض لأحد أبدًا)', es: 'Su número de teléfono (solo le contactamos a través de Lifeline; nunca se muestra a nadie)' },
  placeLabel: { en: 'Where was the person last seen? (optional)', fr: 'Où la personne a-t-elle été vue pour la dernière fois ? (facultatif)', ar: 'أين شوهد الشخص آخر مرة؟ (اختياري)', es: '¿Dónde se vio a la persona por última vez? (opcional)' },
  consent: {
    en: 'I agree that Lifeline keeps this request for family tracing and contacts me about it.',
    fr: 'J\'accepte que Lifeline garde cette demande pour le rétablissement des liens familiaux et me contacte à ce sujet.',
    ar: 'أوافق على أن تحتفظ Lifeline بهذا الطلب للبحث عن الأسر وأن تتواصل معي بشأنه.',
    es: 'Acepto que Lifeline guarde esta solicitud para la búsqueda de familiares y me contacte al respecto.',
  },
  send: { en: 'Send the request', fr: 'Envoyer la demande', ar: 'أرسل الطلب', es: 'Enviar la solicitud' },
  thanks: {
    en: 'Thank you. We keep looking, and a caseworker will contact you through Lifeline if there is news.',
    fr: 'Merci. Nous continuons à chercher, et un travailleur social vous contactera via Lifeline s\'il y a des nouvelles.',
    ar: 'شكرًا لك. سنواصل البحث، وسيتواصل معك أحد العاملين عبر Lifeline إذا كانت هناك أخبار.',
    es: 'Gracias. Seguimos buscando y un trabajador social le contactará a través de Lifeline si hay novedades.',
  },
  errorTitle: { en: 'Please check the form', fr: 'Veuillez vérifier le formulaire', ar: 'يرجى التحقق من النموذج', es: 'Revise el formulario' },
  errorName: { en: 'Write a name (2 to 200 characters).', fr: 'Écrivez un nom (2 à 200 caractères).', ar: 'اكتب اسمًا (من 2 إلى 200 حرف).', es: 'Escriba un nombre (de 2 a 200 caracteres).' },
  errorYear: { en: 'The year of birth must be a year such as 1990.', fr: 'L\'année de naissance doit être une année comme 1990.', ar: 'يجب أن تكون سنة الميلاد سنة مثل 1990.', es: 'El año de nacimiento debe ser un año como 1990.' },
  errorPhone: { en: 'Write a phone number we can reach, with the country code if you are abroad.', fr: 'Écrivez un numéro joignable, avec l\'indicatif du pays si vous êtes à l\'étranger.', ar: 'اكتب رقم هاتف يمكننا الوصول إليه، مع رمز البلد إذا كنت في الخارج.', es: 'Escriba un número en el que podamos localizarle, con el prefijo del país si está en el extranjero.' },
  errorConsent: { en: 'We can keep the request only with your agreement.', fr: 'Nous ne pouvons garder la demande qu\'avec votre accord.', ar: 'لا يمكننا الاحتفاظ بالطلب إلا بموافقتك.', es: 'Solo podemos guardar la solicitud con su acuerdo.' },
  errorExpired: { en: 'The form was open too long or sent too fast. Please send it again.', fr: 'Le formulaire est resté ouvert trop longtemps ou a été envoyé trop vite. Veuillez le renvoyer.', ar: 'بقي النموذج مفتوحًا مدة طويلة أو أُرسل بسرعة كبيرة. يرجى إرساله مرة أخرى.', es: 'El formulario estuvo abierto demasiado tiempo o se envió demasiado rápido. Envíelo de nuevo.' },
  notFound: { en: 'There is no tracing service at this address.', fr: 'Il n\'y a pas de service de recherche à cette adresse.', ar: 'لا توجد خدمة بحث على هذا العنوان.', es: 'No hay un servicio de búsqueda en esta dirección.' },
} satisfies Record<string, Record<PublicLanguage, string>>;

export type TracingStringKey = keyof typeof tracingStrings;
