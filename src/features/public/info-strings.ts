/** Words of the public crisis information page (/c/<crisis slug>), in every shipped language. */
import type { PublicLanguage } from './strings.ts';

export const infoStrings = {
  title: { en: 'Help in this crisis', fr: 'De l’aide dans cette crise', ar: 'المساعدة في هذه الأزمة', es: 'Ayuda en esta crisis' },
  notFound: { en: 'There is no crisis at this address.', fr: 'Il n’y a pas de crise à cette adresse.', ar: 'لا توجد أزمة على هذا العنوان.', es: 'No hay ninguna crisis en esta dirección.' },
  getHelp: { en: 'Ask for help now', fr: 'Demander de l’aide maintenant', ar: 'اطلب المساعدة الآن', es: 'Pida ayuda ahora' },
  anyStatus: {
    en: 'You can ask for help whatever your papers or immigration status. We do not share your details with the police or immigration authorities.',
    fr: 'Vous pouvez demander de l’aide quels que soient vos papiers ou votre statut. Nous ne transmettons pas vos informations à la police ni aux services d’immigration.',
    ar: 'يمكنك طلب المساعدة أيًا كانت أوراقك أو وضعك القانوني. لا نشارك بياناتك مع الشرطة أو سلطات الهجرة.',
    es: 'Puede pedir ayuda sea cual sea su documentación o situación migratoria. No compartimos sus datos con la policía ni con las autoridades de inmigración.',
  },
  sosForm: { en: 'Send an SOS with the web form', fr: 'Envoyer un SOS par le formulaire web', ar: 'أرسل نداء استغاثة عبر النموذج', es: 'Enviar un SOS con el formulario web' },
  sms: { en: 'Text (SMS)', fr: 'SMS', ar: 'رسالة نصية', es: 'Mensaje de texto (SMS)' },
  whatsapp: { en: 'WhatsApp', fr: 'WhatsApp', ar: 'واتساب', es: 'WhatsApp' },
  telegram: { en: 'Telegram', fr: 'Telegram', ar: 'تيليغرام', es: 'Telegram' },
  hotline: { en: 'Call the hotline', fr: 'Appeler la ligne d’urgence', ar: 'اتصل بالخط الساخن', es: 'Llame a la línea de ayuda' },
  services: { en: 'Services and help near you', fr: 'Services et aide près de vous', ar: 'الخدمات والمساعدة قربك', es: 'Servicios y ayuda cerca de usted' },
  whatToDo: { en: 'What to do', fr: 'Que faire', ar: 'ماذا تفعل', es: 'Qué hacer' },
  tip1: {
    en: 'If you are in danger now, move to a safer place first if you can, then ask for help.',
    fr: 'Si vous êtes en danger maintenant, mettez-vous d’abord à l’abri si vous le pouvez, puis demandez de l’aide.',
    ar: 'إذا كنت في خطر الآن، انتقل أولًا إلى مكان أكثر أمانًا إن استطعت، ثم اطلب المساعدة.',
    es: 'Si está en peligro ahora, vaya primero a un lugar más seguro si puede y luego pida ayuda.',
  },
  tip2: {
    en: 'Keep a photo of your passport and papers on your phone or with someone you trust.',
    fr: 'Gardez une photo de votre passeport et de vos papiers sur votre téléphone ou chez une personne de confiance.',
    ar: 'احتفظ بصورة لجواز سفرك وأوراقك على هاتفك أو مع شخص تثق به.',
    es: 'Guarde una foto de su pasaporte y sus documentos en el teléfono o con alguien de confianza.',
  },
  tip3: {
    en: 'Do not post where you are on public social media. Tell only people you trust, or us.',
    fr: 'Ne publiez pas l’endroit où vous êtes sur les réseaux sociaux publics. Dites-le seulement à des personnes de confiance, ou à nous.',
    ar: 'لا تنشر مكانك على وسائل التواصل العامة. أخبر به فقط من تثق بهم، أو أخبرنا.',
    es: 'No publique dónde está en redes sociales públicas. Dígalo solo a personas de confianza, o a nosotros.',
  },
  tip4: {
    en: 'We tell your embassy or consulate only if you agree.',
    fr: 'Nous ne prévenons votre ambassade ou votre consulat que si vous êtes d’accord.',
    ar: 'لا نُبلغ سفارتك أو قنصليتك إلا بموافقتك.',
    es: 'Solo avisamos a su embajada o consulado si usted está de acuerdo.',
  },
} satisfies Record<string, Record<PublicLanguage, string>>;

export type InfoStringKey = keyof typeof infoStrings;
