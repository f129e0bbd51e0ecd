/** The vulnerability code list of the needs-first assessment, with each factor's default severity (1 to 3), as on the server (src/features/cases/vulnerabilities.ts). */
export const vulnerabilityDefaults = {
  injury: 3, serious_illness: 3, disability: 2, pregnancy: 2, unaccompanied_child: 3, separated_child: 3, older_person: 2, trafficking_indicators: 3,
  gender_based_violence: 3, detention: 3, documents_held_by_employer: 2, no_documents: 1, no_money: 1, no_shelter: 2, language_barrier: 1, single_caregiver: 1,
} as const;
export type Vulnerability = keyof typeof vulnerabilityDefaults;
export const vulnerabilityCodes = Object.keys(vulnerabilityDefaults) as Vulnerability[];
export const riskLevels = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof riskLevels)[number];
