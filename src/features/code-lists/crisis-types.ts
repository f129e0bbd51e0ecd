/**
 * Crisis types (GMG stocktaking: natural or man-made crises). The database CHECK constraint in
 * 0002-create-crises-table.sql holds the same codes; a test keeps them in step.
 */
export const crisisTypes = {
  conflict: { en: 'Armed conflict', fr: 'Conflit armé', ar: 'نزاع مسلح', es: 'Conflicto armado' },
  civil_unrest: { en: 'Civil unrest', fr: 'Troubles civils', ar: 'اضطرابات مدنية', es: 'Disturbios civiles' },
  earthquake: { en: 'Earthquake', fr: 'Séisme', ar: 'زلزال', es: 'Terremoto' },
  tsunami: { en: 'Tsunami', fr: 'Tsunami', ar: 'تسونامي', es: 'Tsunami' },
  flood: { en: 'Flood', fr: 'Inondation', ar: 'فيضان', es: 'Inundación' },
  storm: { en: 'Storm, cyclone, hurricane or typhoon', fr: 'Tempête, cyclone, ouragan ou typhon', ar: 'عاصفة أو إعصار', es: 'Tormenta, ciclón, huracán o tifón' },
  drought: { en: 'Drought', fr: 'Sécheresse', ar: 'جفاف', es: 'Sequía' },
  wildfire: { en: 'Wildfire', fr: 'Feu de forêt', ar: 'حريق غابات', es: 'Incendio forestal' },
  volcanic_eruption: { en: 'Volcanic eruption', fr: 'Éruption volcanique', ar: 'ثوران بركاني', es: 'Erupción volcánica' },
  landslide: { en: 'Landslide', fr: 'Glissement de terrain', ar: 'انهيار أرضي', es: 'Deslizamiento de tierra' },
  epidemic: { en: 'Epidemic', fr: 'Épidémie', ar: 'وباء', es: 'Epidemia' },
  industrial_accident: { en: 'Industrial or technological accident', fr: 'Accident industriel ou technologique', ar: 'حادث صناعي أو تقني', es: 'Accidente industrial o tecnológico' },
  other: { en: 'Other', fr: 'Autre', ar: 'أخرى', es: 'Otro' },
} as const;

export type CrisisType = keyof typeof crisisTypes;
export const crisisTypeCodes = Object.keys(crisisTypes) as [CrisisType, ...CrisisType[]];

/** GMG matrix status of a crisis. */
export const crisisStatuses = {
  current: { en: 'Current (new)', fr: 'En cours (nouvelle)', ar: 'حالية (جديدة)', es: 'Actual (nueva)' },
  ongoing: { en: 'Ongoing (protracted)', fr: 'Prolongée', ar: 'مستمرة (طويلة الأمد)', es: 'En curso (prolongada)' },
  past: { en: 'Past (recovery completed)', fr: 'Passée (relèvement terminé)', ar: 'سابقة (اكتمل التعافي)', es: 'Pasada (recuperación completada)' },
} as const;

export type CrisisStatus = keyof typeof crisisStatuses;
export const crisisStatusCodes = Object.keys(crisisStatuses) as [CrisisStatus, ...CrisisStatus[]];
