/** Words of the public map page (/c/<crisis slug>/map), in every shipped language. */
import type { PublicLanguage } from '../public/strings.ts';

export const mapStrings = {
  title: { en: 'Crisis map: reports by area', fr: 'Carte de crise : signalements par zone', ar: 'خريطة الأزمة: البلاغات حسب المنطقة', es: 'Mapa de la crisis: reportes por zona' },
  intro: {
    en: 'How many requests for help and reports Lifeline has received, by area and by week. No person and no exact place is shown.',
    fr: "Combien de demandes d'aide et de signalements Lifeline a reçus, par zone et par semaine. Aucune personne et aucun lieu précis n'est montré.",
    ar: 'عدد طلبات المساعدة والبلاغات التي تلقتها لايفلاين، حسب المنطقة والأسبوع. لا يظهر أي شخص ولا أي مكان دقيق.',
    es: 'Cuántas peticiones de ayuda y reportes ha recibido Lifeline, por zona y por semana. No se muestra ninguna persona ni ningún lugar exacto.',
  },
  suppressed: {
    en: 'Numbers under 5 are not shown, to protect the people counted, and sometimes another number or the total is hidden too, so that the others cannot reveal them.',
    fr: "Les nombres inférieurs à 5 ne sont pas montrés, pour protéger les personnes comptées, et parfois un autre nombre ou le total est caché aussi, pour que les autres ne les révèlent pas.",
    ar: 'الأعداد الأقل من 5 لا تظهر حمايةً للأشخاص المعدودين، وأحيانًا يُخفى عدد آخر أو المجموع أيضًا حتى لا تكشفها الأعداد الأخرى.',
    es: 'Los números menores de 5 no se muestran, para proteger a las personas contadas, y a veces también se oculta otro número o el total, para que los demás no los revelen.',
  },
  total: { en: 'All reports: {n}', fr: 'Tous les signalements : {n}', ar: 'كل البلاغات: {n}', es: 'Todos los reportes: {n}' },
  byArea: { en: 'By area', fr: 'Par zone', ar: 'حسب المنطقة', es: 'Por zona' },
  byWeek: { en: 'By week', fr: 'Par semaine', ar: 'حسب الأسبوع', es: 'Por semana' },
  byNeed: { en: 'By need', fr: 'Par besoin', ar: 'حسب الحاجة', es: 'Por necesidad' },
  weekOf: { en: 'Week of {date}', fr: 'Semaine du {date}', ar: 'أسبوع {date}', es: 'Semana del {date}' },
  hidden: { en: 'not shown', fr: 'non montré', ar: 'غير معروض', es: 'no se muestra' },
  unknownArea: { en: 'Area not known', fr: 'Zone inconnue', ar: 'منطقة غير معروفة', es: 'Zona desconocida' },
  unknownCountry: { en: 'Country not known', fr: 'Pays inconnu', ar: 'بلد غير معروف', es: 'País desconocido' },
  none: { en: 'No reports yet.', fr: 'Aucun signalement pour le moment.', ar: 'لا توجد بلاغات بعد.', es: 'Todavía no hay reportes.' },
  services: { en: 'Places where you can get help', fr: "Lieux où trouver de l'aide", ar: 'أماكن يمكنك الحصول فيها على المساعدة', es: 'Lugares donde puede recibir ayuda' },
  allServices: { en: 'All services, with phone numbers and opening hours', fr: 'Tous les services, avec téléphones et horaires', ar: 'كل الخدمات، مع أرقام الهاتف وأوقات العمل', es: 'Todos los servicios, con teléfonos y horarios' },
  evacuation: { en: 'Evacuation points', fr: "Points d'évacuation", ar: 'نقاط الإجلاء', es: 'Puntos de evacuación' },
  notFound: { en: 'There is no crisis map at this address.', fr: "Il n'y a pas de carte de crise à cette adresse.", ar: 'لا توجد خريطة أزمة على هذا العنوان.', es: 'No hay un mapa de crisis en esta dirección.' },
  safeHouses: {
    en: 'Safe houses are never listed. A helpline can refer you to one.',
    fr: "Les maisons sûres ne sont jamais listées. Une ligne d'assistance peut vous y orienter.",
    ar: 'البيوت الآمنة لا تُذكر أبدًا. يمكن لخط المساعدة أن يحيلك إلى أحدها.',
    es: 'Las casas seguras nunca se listan. Una línea de ayuda puede derivarle a una.',
  },
} satisfies Record<string, Record<PublicLanguage, string>>;

export type MapStringKey = keyof typeof mapStrings;

export function mapText(key: MapStringKey, language: PublicLanguage, values: Record<string, string | number> = {}): string {
  return mapStrings[key][language].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
