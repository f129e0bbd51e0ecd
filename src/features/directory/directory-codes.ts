/** Code lists of the directory: kinds of service (owned as data here; labels for the console and public pages). */
export const serviceKinds = {
  shelter: { en: 'Shelter', fr: 'Hébergement', ar: 'مأوى', es: 'Albergue' },
  safe_house: { en: 'Safe house', fr: 'Maison sûre', ar: 'بيت آمن', es: 'Casa segura' },
  hotline: { en: 'Hotline', fr: "Ligne d'assistance", ar: 'خط مساعدة', es: 'Línea de ayuda' },
  information_centre: { en: 'Information centre', fr: "Centre d'information", ar: 'مركز معلومات', es: 'Centro de información' },
  legal_aid: { en: 'Legal aid', fr: 'Aide juridique', ar: 'مساعدة قانونية', es: 'Asistencia jurídica' },
  medical: { en: 'Medical care', fr: 'Soins médicaux', ar: 'رعاية طبية', es: 'Atención médica' },
  consular: { en: 'Consular services', fr: 'Services consulaires', ar: 'خدمات قنصلية', es: 'Servicios consulares' },
  transport: { en: 'Transport', fr: 'Transport', ar: 'نقل', es: 'Transporte' },
  cash: { en: 'Cash assistance', fr: 'Aide en espèces', ar: 'مساعدة نقدية', es: 'Ayuda en efectivo' },
  psychosocial: { en: 'Psychosocial support', fr: 'Soutien psychosocial', ar: 'دعم نفسي واجتماعي', es: 'Apoyo psicosocial' },
  food: { en: 'Food', fr: 'Nourriture', ar: 'غذاء', es: 'Comida' },
  water: { en: 'Water', fr: 'Eau', ar: 'مياه', es: 'Agua' },
  other: { en: 'Other', fr: 'Autre', ar: 'أخرى', es: 'Otro' },
} as const;
export type ServiceKind = keyof typeof serviceKinds;
export const serviceKindCodes = Object.keys(serviceKinds) as ServiceKind[];

/** Kinds whose capacity is counted in beds. */
export const bedKinds: readonly ServiceKind[] = ['shelter', 'safe_house'];

/** A shelter's free-bed count older than this is shown as stale. */
export const CAPACITY_STALE_AFTER_HOURS = 24;

export const serviceStatuses = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
