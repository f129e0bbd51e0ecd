/**
 * Words of the public service directory page (/c/<crisis slug>/services), in every shipped language. Placeholders in
 * braces ({n}, {free}, {total}, {when}, {filter}, {org}) are filled in by the page.
 */
import type { PublicLanguage } from './strings.ts';

export const servicesStrings = {
  title: { en: 'Services and help', fr: 'Services et aide', ar: 'الخدمات والمساعدة', es: 'Servicios y ayuda' },
  intro: {
    en: 'Organisations that help people in this crisis. Things change fast: call before you go if you can.',
    fr: "Organisations qui aident les personnes touchées par cette crise. Tout change vite : appelez avant d'y aller si vous le pouvez.",
    ar: 'منظمات تساعد الناس في هذه الأزمة. الأوضاع تتغير بسرعة: اتصل قبل أن تذهب إن استطعت.',
    es: 'Organizaciones que ayudan a las personas en esta crisis. Todo cambia rápido: llame antes de ir si puede.',
  },
  safeHouses: {
    en: 'Safe houses are not listed here, to keep the people inside safe. A helpline can refer you to one.',
    fr: 'Les maisons sûres ne sont pas listées ici, pour protéger les personnes qui y vivent. Une ligne d’assistance peut vous y orienter.',
    ar: 'البيوت الآمنة غير مذكورة هنا حفاظًا على سلامة من فيها. يمكن لخط المساعدة أن يحيلك إلى أحدها.',
    es: 'Las casas seguras no aparecen aquí, para proteger a quienes viven en ellas. Una línea de ayuda puede derivarle a una.',
  },
  filters: { en: 'Find a service', fr: 'Trouver un service', ar: 'ابحث عن خدمة', es: 'Buscar un servicio' },
  needLabel: { en: 'What do you need?', fr: 'De quoi avez-vous besoin ?', ar: 'ماذا تحتاج؟', es: '¿Qué necesita?' },
  kindLabel: { en: 'Type of service', fr: 'Type de service', ar: 'نوع الخدمة', es: 'Tipo de servicio' },
  languageLabel: { en: 'Language spoken', fr: 'Langue parlée', ar: 'اللغة المستخدمة', es: 'Idioma hablado' },
  nameLabel: { en: 'Name of the service (optional)', fr: 'Nom du service (facultatif)', ar: 'اسم الخدمة (اختياري)', es: 'Nombre del servicio (opcional)' },
  any: { en: 'Any', fr: 'Tous', ar: 'الكل', es: 'Cualquiera' },
  openNowLabel: { en: 'Open now', fr: 'Ouvert maintenant', ar: 'مفتوح الآن', es: 'Abierto ahora' },
  hasBedsLabel: { en: 'Has free beds now', fr: 'A des lits libres maintenant', ar: 'فيه أسرّة شاغرة الآن', es: 'Tiene camas libres ahora' },
  search: { en: 'Search', fr: 'Rechercher', ar: 'ابحث', es: 'Buscar' },
  found: { en: 'Services found: {n}', fr: 'Services trouvés : {n}', ar: 'عدد الخدمات: {n}', es: 'Servicios encontrados: {n}' },
  none: {
    en: 'No service matches this search. Try with fewer filters.',
    fr: 'Aucun service ne correspond à cette recherche. Essayez avec moins de filtres.',
    ar: 'لا توجد خدمة تطابق هذا البحث. جرّب بعدد أقل من الخيارات.',
    es: 'Ningún servicio coincide con esta búsqueda. Pruebe con menos filtros.',
  },
  runBy: { en: 'Run by {org}', fr: 'Géré par {org}', ar: 'تديره {org}', es: 'A cargo de {org}' },
  helpsWith: { en: 'Helps with:', fr: 'Aide pour :', ar: 'يساعد في:', es: 'Ayuda con:' },
  languages: { en: 'Languages:', fr: 'Langues :', ar: 'اللغات:', es: 'Idiomas:' },
  regardless: {
    en: 'Helps everyone, whatever their papers.',
    fr: 'Aide tout le monde, avec ou sans papiers.',
    ar: 'يساعد الجميع، مهما كانت أوراقهم.',
    es: 'Ayuda a todas las personas, tengan o no papeles.',
  },
  withoutDocuments: {
    en: 'You can go without identity documents.',
    fr: "Vous pouvez y aller sans pièce d'identité.",
    ar: 'يمكنك الذهاب دون وثائق هوية.',
    es: 'Puede ir sin documentos de identidad.',
  },
  bedsFree: { en: 'Free beds: {free}', fr: 'Lits libres : {free}', ar: 'الأسرّة الشاغرة: {free}', es: 'Camas libres: {free}' },
  bedsFreeOf: {
    en: 'Free beds: {free} of {total}',
    fr: 'Lits libres : {free} sur {total}',
    ar: 'الأسرّة الشاغرة: {free} من {total}',
    es: 'Camas libres: {free} de {total}',
  },
  bedsUnknown: {
    en: 'Free beds: not known. Call to ask.',
    fr: 'Lits libres : inconnu. Appelez pour demander.',
    ar: 'الأسرّة الشاغرة: غير معروف. اتصل للسؤال.',
    es: 'Camas libres: no se sabe. Llame para preguntar.',
  },
  counted: { en: 'counted {when}', fr: 'comptés {when}', ar: 'تم العدّ {when}', es: 'contadas {when}' },
  stale: {
    en: 'This count may be out of date. Call before you go.',
    fr: "Ce nombre n'est peut-être plus à jour. Appelez avant d'y aller.",
    ar: 'قد يكون هذا العدد قديمًا. اتصل قبل أن تذهب.',
    es: 'Este número puede no estar al día. Llame antes de ir.',
  },
  openNow: { en: 'Open now', fr: 'Ouvert maintenant', ar: 'مفتوح الآن', es: 'Abierto ahora' },
  closedNow: { en: 'Closed now', fr: 'Fermé maintenant', ar: 'مغلق الآن', es: 'Cerrado ahora' },
  phone: { en: 'Phone:', fr: 'Téléphone :', ar: 'الهاتف:', es: 'Teléfono:' },
  place: { en: 'Where:', fr: 'Où :', ar: 'المكان:', es: 'Dónde:' },
  notFound: {
    en: 'There is no list of services at this address.',
    fr: "Il n'y a pas de liste de services à cette adresse.",
    ar: 'لا توجد قائمة خدمات على هذا العنوان.',
    es: 'No hay una lista de servicios en esta dirección.',
  },
  errorTitle: { en: 'Please check the search', fr: 'Veuillez vérifier la recherche', ar: 'يرجى مراجعة البحث', es: 'Revise la búsqueda' },
  errorFilter: {
    en: 'This choice is not valid: “{filter}”. Please choose again from the list.',
    fr: "Ce choix n'est pas valable : « {filter} ». Veuillez choisir à nouveau dans la liste.",
    ar: 'هذا الاختيار غير صالح: «{filter}». يرجى الاختيار مرة أخرى من القائمة.',
    es: 'Esta opción no es válida: «{filter}». Elija de nuevo de la lista.',
  },
  errorName: {
    en: 'The name of the service must be between 2 and 200 characters.',
    fr: 'Le nom du service doit compter entre 2 et 200 caractères.',
    ar: 'يجب أن يكون اسم الخدمة بين 2 و200 حرف.',
    es: 'El nombre del servicio debe tener entre 2 y 200 caracteres.',
  },
} satisfies Record<string, Record<PublicLanguage, string>>;

export type ServicesStringKey = keyof typeof servicesStrings;

/** A string in a language, with its {placeholders} filled in. */
export function servicesText(key: ServicesStringKey, language: PublicLanguage, values: Record<string, string | number> = {}): string {
  return servicesStrings[key][language].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
