/**
 * Roles and what each may do. Pure data: policies read it, the console shows it.
 * No role, scope or organisation type exists for immigration enforcement or police.
 */
export const roles = [
  'administrator',
  'coordinator',
  'caseworker',
  'hotline_operator',
  'tracing_volunteer',
  'translator',
  'consular_officer',
  'analyst',
  'data_protection_officer',
] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'organisation:manage', // edit own organisation, memberships, invitations, API tokens
  'crisis:read',
  'crisis:manage',
  'personal:read', // see names, phones, message text (else fields are masked)
  'intake:write',
  'triage:work',
  'translation:work',
  'case:read',
  'case:write',
  'referral:send',
  'referral:receive',
  'tracing:work',
  'consular:work',
  'directory:manage',
  'aggregate:read',
  'audit:read',
  'data_protection:manage', // purposes, retention, authority requests, data subject requests, break-glass review
  'export:personal',
] as const;
export type Permission = (typeof permissions)[number];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  administrator: ['organisation:manage', 'crisis:read', 'crisis:manage', 'personal:read', 'case:read', 'directory:manage', 'aggregate:read'],
  coordinator: ['crisis:read', 'crisis:manage', 'personal:read', 'triage:work', 'case:read', 'case:write', 'referral:send', 'referral:receive', 'directory:manage', 'aggregate:read', 'export:personal'],
  caseworker: ['crisis:read', 'personal:read', 'triage:work', 'case:read', 'case:write', 'referral:send', 'referral:receive', 'aggregate:read'],
  hotline_operator: ['crisis:read', 'personal:read', 'intake:write', 'triage:work', 'aggregate:read'],
  tracing_volunteer: ['crisis:read', 'personal:read', 'tracing:work'],
  translator: ['crisis:read', 'personal:read', 'translation:work'],
  consular_officer: ['crisis:read', 'personal:read', 'consular:work', 'referral:receive', 'aggregate:read'],
  analyst: ['crisis:read', 'aggregate:read'],
  data_protection_officer: ['crisis:read', 'personal:read', 'audit:read', 'data_protection:manage', 'aggregate:read'],
};

/** Roles that see personal data must use two-factor sign-in. */
export function roleNeedsTwoFactor(role: Role): boolean {
  return rolePermissions[role].includes('personal:read');
}
