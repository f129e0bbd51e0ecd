/**
 * The vulnerability code list of the needs-first assessment (owned as data; the console shows the labels). Each
 * factor has a default severity from 1 (raises attention) to 3 (urgent protection concern); an assessment may
 * record another severity for the person.
 */
export const vulnerabilities = {
  injury: { severity: 3, en: 'Injury' },
  serious_illness: { severity: 3, en: 'Serious or chronic illness' },
  disability: { severity: 2, en: 'Disability' },
  pregnancy: { severity: 2, en: 'Pregnancy' },
  unaccompanied_child: { severity: 3, en: 'Unaccompanied child' },
  separated_child: { severity: 3, en: 'Separated child' },
  older_person: { severity: 2, en: 'Older person' },
  trafficking_indicators: { severity: 3, en: 'Trafficking indicators' },
  gender_based_violence: { severity: 3, en: 'Survivor of gender-based violence' },
  detention: { severity: 3, en: 'In detention' },
  documents_held_by_employer: { severity: 2, en: 'Documents held by the employer' },
  no_documents: { severity: 1, en: 'No identity documents' },
  no_money: { severity: 1, en: 'No money' },
  no_shelter: { severity: 2, en: 'No safe place to stay' },
  language_barrier: { severity: 1, en: 'Language barrier' },
  single_caregiver: { severity: 1, en: 'Single caregiver of children' },
} as const;

export type Vulnerability = keyof typeof vulnerabilities;
export const vulnerabilityCodes = Object.keys(vulnerabilities) as Vulnerability[];
export const riskLevels = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof riskLevels)[number];
