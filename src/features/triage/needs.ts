/** The needs code list (owned as data here; the console shows the labels). Life-safety needs raise urgency. */
export const needs = {
  water: { lifeSafety: false, labels: { en: 'Water', fr: 'Eau', ar: 'مياه', es: 'Agua' } },
  food: { lifeSafety: false, labels: { en: 'Food', fr: 'Nourriture', ar: 'غذاء', es: 'Comida' } },
  shelter: { lifeSafety: false, labels: { en: 'Shelter', fr: 'Abri', ar: 'مأوى', es: 'Refugio' } },
  medical: { lifeSafety: true, labels: { en: 'Medical', fr: 'Soins médicaux', ar: 'رعاية طبية', es: 'Atención médica' } },
  search_and_rescue: { lifeSafety: true, labels: { en: 'Search and rescue', fr: 'Recherche et sauvetage', ar: 'بحث وإنقاذ', es: 'Búsqueda y rescate' } },
  security: { lifeSafety: true, labels: { en: 'Security or violence', fr: 'Sécurité ou violence', ar: 'أمن أو عنف', es: 'Seguridad o violencia' } },
  detention: { lifeSafety: false, labels: { en: 'Detention', fr: 'Détention', ar: 'احتجاز', es: 'Detención' } },
  documents: { lifeSafety: false, labels: { en: 'Lost or confiscated documents', fr: 'Documents perdus ou confisqués', ar: 'وثائق مفقودة أو محتجزة', es: 'Documentos perdidos o retenidos' } },
  evacuation: { lifeSafety: false, labels: { en: 'Evacuation or transport', fr: 'Évacuation ou transport', ar: 'إجلاء أو نقل', es: 'Evacuación o transporte' } },
  missing_person: { lifeSafety: false, labels: { en: 'Missing person', fr: 'Personne disparue', ar: 'شخص مفقود', es: 'Persona desaparecida' } },
  death: { lifeSafety: false, labels: { en: 'Death and remains', fr: 'Décès et dépouilles', ar: 'وفاة ورفات', es: 'Fallecimiento y restos' } },
  money: { lifeSafety: false, labels: { en: 'Money or wages', fr: 'Argent ou salaires', ar: 'مال أو أجور', es: 'Dinero o salarios' } },
  information: { lifeSafety: false, labels: { en: 'Information request', fr: "Demande d'information", ar: 'طلب معلومات', es: 'Solicitud de información' } },
  other: { lifeSafety: false, labels: { en: 'Other', fr: 'Autre', ar: 'أخرى', es: 'Otro' } },
} as const;

export type Need = keyof typeof needs;
export const needCodes = Object.keys(needs) as Need[];
