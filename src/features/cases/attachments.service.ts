/**
 * Case attachments: the real type is read from the bytes (file-type), not taken from the upload's headers; only
 * photos (JPEG, PNG, WebP) and PDF documents up to MAX_ATTACHMENT_BYTES are kept, encrypted with the server key.
 * Downloads are audited. Photos keep their embedded metadata (EXIF, GPS): see the closing note of the Cases issue.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { openBytes, sealBytes } from '../../shared/crypto.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { caseInScope } from './cases.service.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const attachmentTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

const UNSAFE = new Set(['\\', '/', '"', '<', '>', '|', ':', '*', '?']);
/** A file name that cannot climb directories or carry control characters. */
const safeName = (name: string): string => [...name.normalize('NFC')].map((c) => ((c.codePointAt(0) ?? 0) < 32 || UNSAFE.has(c) ? '_' : c)).join('').trim().slice(0, 200) || 'attachment';

export async function addAttachment(db: Kysely<Database>, key: Buffer, principal: Principal, caseId: string, body: Buffer, fileName: string, requestId: string) {
  const row = await caseInScope(db, principal, caseId, 'case:write');
  if (body.length === 0) throw AppError.validation('body', 'required', 'The upload is empty');
  if (body.length > MAX_ATTACHMENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `Attachments are at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  const found = await fileTypeFromBuffer(body);
  if (!found || !(attachmentTypes as readonly string[]).includes(found.mime)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Only photos (JPEG, PNG, WebP) and PDF documents can be attached; this file is ${found ? found.mime : 'of an unknown type'}`);
  }
  const sha256 = createHash('sha256').update(body).digest('hex');
  return db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('case_attachments')
      .values({ case_id: caseId, file_name: safeName(fileName), media_type: found.mime, size_bytes: body.length, sha256, content_encrypted: sealBytes(body, key), uploaded_by: principal.userId })
      .returning(['id', 'file_name', 'media_type', 'size_bytes', 'sha256', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'case_attachment', subjectId: created.id, personId: row.person_id, requestId });
    return { id: created.id, fileName: created.file_name, mediaType: created.media_type, sizeBytes: created.size_bytes, sha256: created.sha256, createdAt: created.created_at.toISOString() };
  });
}

export async function listAttachments(db: Kysely<Database>, principal: Principal, caseId: string) {
  await caseInScope(db, principal, caseId, 'case:read');
  const rows = await db.selectFrom('case_attachments').select(['id', 'file_name', 'media_type', 'size_bytes', 'sha256', 'created_at']).where('case_id', '=', caseId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, fileName: r.file_name, mediaType: r.media_type, sizeBytes: r.size_bytes, sha256: r.sha256, createdAt: r.created_at.toISOString() }));
}

export async function readAttachment(db: Kysely<Database>, key: Buffer, principal: Principal, id: string, requestId: string) {
  const row = await db.selectFrom('case_attachments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('Attachment');
  const owner = await caseInScope(db, principal, row.case_id, 'case:read');
  await recordAudit(db, { action: 'view', actor: actorOf(principal), organisationId: owner.organisation_id, crisisId: owner.crisis_id, subjectType: 'case_attachment', subjectId: id, personId: owner.person_id, requestId });
  return { fileName: row.file_name, mediaType: row.media_type, content: openBytes(row.content_encrypted, key) };
}
