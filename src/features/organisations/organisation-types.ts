/**
 * The closed list of organisation types. There is no type for police, immigration enforcement, border
 * guards or intelligence services, and names that say they are one are refused: Lifeline must never
 * register an enforcement body as a user or a recipient of referrals or exports.
 */
export const organisationTypes = {
  ngo: { en: 'Non-governmental organisation', fr: 'Organisation non gouvernementale', ar: 'منظمة غير حكومية', es: 'Organización no gubernamental' },
  community_association: { en: 'Community or diaspora association', fr: 'Association communautaire ou de la diaspora', ar: 'جمعية مجتمعية أو للجالية', es: 'Asociación comunitaria o de la diáspora' },
  migrant_association: { en: 'Migrant association', fr: 'Association de migrants', ar: 'جمعية مهاجرين', es: 'Asociación de migrantes' },
  un_agency: { en: 'UN agency', fr: 'Agence des Nations unies', ar: 'وكالة تابعة للأمم المتحدة', es: 'Agencia de la ONU' },
  red_cross_red_crescent: { en: 'Red Cross / Red Crescent', fr: 'Croix-Rouge / Croissant-Rouge', ar: 'الصليب الأحمر / الهلال الأحمر', es: 'Cruz Roja / Media Luna Roja' },
  consulate: { en: 'Consulate or embassy', fr: 'Consulat ou ambassade', ar: 'قنصلية أو سفارة', es: 'Consulado o embajada' },
  local_authority: { en: 'Local authority (not enforcement)', fr: 'Autorité locale (hors police)', ar: 'سلطة محلية (غير أمنية)', es: 'Autoridad local (no policial)' },
  employer_recruiter: { en: 'Employer or recruiter', fr: 'Employeur ou recruteur', ar: 'صاحب عمل أو وكالة توظيف', es: 'Empleador o reclutador' },
  volunteer_group: { en: 'Volunteer group', fr: 'Groupe de bénévoles', ar: 'مجموعة متطوعين', es: 'Grupo de voluntarios' },
} as const;

export type OrganisationType = keyof typeof organisationTypes;
export const organisationTypeCodes = Object.keys(organisationTypes) as [OrganisationType, ...OrganisationType[]];

/**
 * Words that name an enforcement body, in the languages Lifeline ships and a few more. Matched on the
 * name folded to lower case without accents. Deliberately broad: a wrongly refused name can be
 * reworded; a registered enforcement body could deport people.
 */
const enforcementPatterns: RegExp[] = [
  /\bpolice\b/, /\bpolicia\b/, /\bpolizei\b/, /\bpolitie\b/, /\bgendarmerie\b/, /\bgendarm/, /\bcarabinieri\b/, /\bguardia civil\b/,
  /\bimmigration (enforcement|control|police|service|office|department|authority|bureau|and customs)/, /\bimmigration\b.*\benforcement\b/,
  /\bdeportation\b/, /\bremovals?\b.*\b(unit|centre|center|office)\b/, /\bborder (guard|police|force|patrol|control|protection|security)/,
  /\bcustoms and border\b/, /\bcoast ?guard\b/, /\bfrontex\b/, /\bice\b/, /\bcbp\b/, /\bintelligence (service|agency|directorate)/,
  /\bsecurity service\b/, /\bmukhabarat\b/, /\bsecret police\b/, /\bpolice aux frontieres\b/, /\bpaf\b/, /\bextranjeria\b/,
  /\bmilitia\b/, /\bmilitary police\b/, /\bjandarma\b/, /\bsbu\b/, /\bfsb\b/, /\bmigration police\b/, /\bpolicja\b/,
  /شرطة/, /الشرطة/, /جوازات/, /مكافحة الهجرة/, /مخابرات/, /أمن الدولة/, /حرس الحدود/, /ترحيل/, /полиция/, /полиці/, /пограничн/, /прикордонн/, /миграционн.*контрол/,
];

export function foldName(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export function looksLikeEnforcement(name: string): boolean {
  // Latin names are matched without accents; other scripts as written (NFKD would split Arabic hamza forms).
  const forms = [foldName(name), name.normalize('NFC').toLowerCase()];
  return enforcementPatterns.some((pattern) => forms.some((form) => pattern.test(form)));
}
