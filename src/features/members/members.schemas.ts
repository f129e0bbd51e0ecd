/** Boundary objects for memberships, invitations, password resets and API tokens. */
import { z } from 'zod';
import { permissions, roles } from '../access/roles.ts';

export const RoleSchema = z.enum(roles, { message: `must be one of ${roles.join(', ')}` });
export const Email = z.string().trim().toLowerCase().min(3).max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address');

export const MembershipCreate = z.strictObject({
  userId: z.uuid(),
  crisisId: z.uuid().nullable().describe('null: every crisis of the organisation'),
  role: RoleSchema,
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code such as ar or ti')).max(20).optional(),
});
export type MembershipCreate = z.infer<typeof MembershipCreate>;

export const Membership = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  displayName: z.string(),
  email: z.string(),
  organisationId: z.uuid(),
  crisisId: z.uuid().nullable(),
  role: z.string(),
  languages: z.array(z.string()),
  createdAt: z.string(),
});

export const InvitationCreate = z.strictObject({
  email: Email,
  crisisId: z.uuid().nullable(),
  role: RoleSchema,
});
export type InvitationCreate = z.infer<typeof InvitationCreate>;

export const OneTimeLink = z.object({ token: z.string(), url: z.string(), expiresAt: z.string() });

export const InvitationAccept = z.strictObject({
  token: z.string().min(20).max(200),
  displayName: z.string().trim().min(1, 'must not be empty').max(120),
  password: z.string(),
});

export const PasswordResetUse = z.strictObject({ token: z.string().min(20).max(200), password: z.string() });

export const ApiTokenCreate = z.strictObject({
  name: z.string().trim().min(1).max(120),
  crisisId: z.uuid().nullable(),
  role: RoleSchema,
  scopes: z.array(z.enum(permissions)).min(1, 'must list at least one scope').max(permissions.length),
  expiresInDays: z.number().int().min(1).max(730).nullable().optional(),
});
export type ApiTokenCreate = z.infer<typeof ApiTokenCreate>;

export const ApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  organisationId: z.uuid(),
  crisisId: z.uuid().nullable(),
  role: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const OrgParams = z.strictObject({ id: z.uuid({ message: 'must be an organisation id (UUID)' }) });
export const OrgItemParams = z.strictObject({ id: z.uuid(), itemId: z.uuid() });
