/**
 * The cases of a crisis as CSV, streamed in batches (never built in memory): pseudonymous by default; names and
 * phone only for roles allowed to export personal data (export:personal) who ask for them. Audited as an export.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { can, grantsFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { exportBatch, type ExportRow } from './cases.repo.ts';

const BATCH = 5000;
const header = ['reference', 'status', 'opened_from', 'needs', 'vulnerabilities', 'risk_level', 'priority', 'assigned_to', 'next_follow_up', 'opened_at', 'closed_at', 'outcome'];
const identityHeader = ['given_name', 'family_name', 'phone'];

/** A spreadsheet must not run a cell as a formula. */
const cell = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

function line(row: ExportRow, identity: boolean): string[] {
  const base = [
    row.reference, row.status, row.opened_from, row.needs.join(';'), row.vulnerabilities.map((v) => `${v.code}:${v.severity}`).join(';'), row.risk_level, String(row.priority),
    row.assigned_to ?? '', row.next_follow_up ?? '', row.created_at.toISOString(), row.closed_at?.toISOString() ?? '', cell(row.outcome ?? ''),
  ];
  return identity ? [...base, cell(row.given_name ?? ''), cell(row.family_name ?? ''), row.phone_e164 ?? ''] : base;
}

export async function exportCases(db: Kysely<Database>, principal: Principal, crisisId: string, identity: boolean, requestId: string): Promise<Readable> {
  const organisationIds = [...new Set(grantsFor(principal, 'case:read').filter((g) => g.crisisId === null || g.crisisId === crisisId).map((g) => g.organisationId))];
  if (organisationIds.length === 0) throw AppError.notFound('Crisis');
  if (identity && !organisationIds.every((o) => can(principal, 'export:personal', { crisisId, organisationId: o }))) {
    throw new AppError('FORBIDDEN', 'Your role may not export names and phone numbers (needs export:personal)');
  }
  await recordAudit(db, { action: 'export', actor: actorOf(principal), crisisId, subjectType: 'cases', fields: identity ? ['case', 'givenName', 'familyName', 'phone'] : ['case'], requestId, metadata: { format: 'csv', identity } });
  async function* rows(): AsyncGenerator<string> {
    yield stringify([identity ? [...header, ...identityHeader] : header]);
    let after: string | null = null;
    for (;;) {
      const batch = await exportBatch(db, crisisId, organisationIds, after, BATCH, identity);
      if (batch.length === 0) return;
      yield stringify(batch.map((r) => line(r, identity)));
      after = (batch.at(-1) as ExportRow).id;
      if (batch.length < BATCH) return;
    }
  }
  return Readable.from(rows());
}
