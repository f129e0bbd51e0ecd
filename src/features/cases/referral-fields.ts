/**
 * The fields a referral can carry, as data. A service lists the ones it needs (its minimum set, in the directory);
 * a referral sends only those. Identity fields come from the identity store and need a person record.
 */
export const referralFields = ['reference', 'needs', 'vulnerabilities', 'riskLevel', 'givenName', 'familyName', 'phone', 'nationality', 'preferredLanguage'] as const;
export type ReferralField = (typeof referralFields)[number];
export const identityReferralFields: readonly ReferralField[] = ['givenName', 'familyName', 'phone', 'nationality', 'preferredLanguage'];
/** What a service that has not listed its needs receives. */
export const defaultReferralFields: readonly ReferralField[] = ['reference', 'needs'];
/** The receiver should acknowledge within this time. */
export const ACKNOWLEDGE_WITHIN_HOURS = 24;
