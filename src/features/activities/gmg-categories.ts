/**
 * The activity categories of the Global Migration Group's stocktaking of crisis-related migration (seed 004), grouped
 * by phase: general and cross-cutting (1-10), pre-crisis (11-13), crisis response (14-20), post-crisis and transition
 * to development (21-28). Owned as data; the 3W matrix and its HXL export use the codes.
 */
export const phases = ['cross_cutting', 'pre_crisis', 'crisis_response', 'post_crisis'] as const;
export type Phase = (typeof phases)[number];

export const gmgCategories = {
  legal_frameworks: { phase: 'cross_cutting', en: 'Legal frameworks and normative standards' },
  mainstreaming_protection: { phase: 'cross_cutting', en: 'Mainstreaming protection of migrants in crisis in existing frameworks' },
  capacity_building: { phase: 'cross_cutting', en: 'Capacity building' },
  data_and_information: { phase: 'cross_cutting', en: 'Data collection, analysis and information sharing' },
  inclusion_in_policymaking: { phase: 'cross_cutting', en: 'Inclusion of migrants in policymaking processes' },
  communication_outreach: { phase: 'cross_cutting', en: 'Communication and outreach' },
  international_cooperation: { phase: 'cross_cutting', en: 'International cooperation' },
  advocacy: { phase: 'cross_cutting', en: 'Advocacy' },
  monitoring_accountability: { phase: 'cross_cutting', en: 'Monitoring and accountability' },
  cluster_activities: { phase: 'cross_cutting', en: 'Cluster activities' },
  contingency_planning: { phase: 'pre_crisis', en: 'Contingency planning' },
  insurances: { phase: 'pre_crisis', en: 'Insurances' },
  pre_departure_training: { phase: 'pre_crisis', en: 'Pre-departure training' },
  consular_assistance: { phase: 'crisis_response', en: 'Consular assistance and documentation' },
  access_to_asylum: { phase: 'crisis_response', en: 'Access to asylum' },
  tracing_and_remains: { phase: 'crisis_response', en: 'Tracing, victim identification, management of human remains and notification of families' },
  temporary_reception: { phase: 'crisis_response', en: 'Establishing temporary reception facilities' },
  alternatives_to_detention: { phase: 'crisis_response', en: 'Humane alternatives to detention' },
  counter_trafficking: { phase: 'crisis_response', en: 'Counter-trafficking' },
  counter_smuggling: { phase: 'crisis_response', en: 'Counter-smuggling' },
  assisted_return: { phase: 'post_crisis', en: 'Assisted voluntary return and reintegration' },
  reintegration: { phase: 'post_crisis', en: 'Reintegration of returnees' },
  community_stabilisation: { phase: 'post_crisis', en: 'Community stabilization and resilience building' },
  re_migration: { phase: 'post_crisis', en: 'Re-migration' },
  durable_solutions: { phase: 'post_crisis', en: 'Durable solutions' },
  disaster_risk_reduction: { phase: 'post_crisis', en: 'Disaster risk reduction' },
  socio_economic_wellbeing: { phase: 'post_crisis', en: 'Socio-economic well-being of migrants' },
  ethical_recruitment: { phase: 'post_crisis', en: 'Ethical recruitment' },
} as const satisfies Record<string, { phase: Phase; en: string }>;

export type GmgCategory = keyof typeof gmgCategories;
export const gmgCategoryCodes = Object.keys(gmgCategories) as GmgCategory[];

/** How the crisis stood when the activity took place (the GMG matrix's status column). */
export const crisisStatuses = ['current', 'ongoing', 'past'] as const;
export const activityStatuses = ['planned', 'active', 'completed', 'cancelled'] as const;
