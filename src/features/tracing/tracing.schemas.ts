/** Boundary objects of family tracing: records, PFIF notes, candidate pairs and their review. */
import { z } from 'zod';
import { countryCodeSchema } from '../../shared/countries.ts';
import { isoDate } from '../crises/crises.schemas.ts';
import { e164 } from '../data-protection/people.schemas.ts';

export const tracingKinds = ['looking_for', 'i_am_safe', 'missing_migrant', 'deceased_migrant'] as const;
export const noteStatuses = ['information_sought', 'is_note_author', 'believed_alive', 'believed_missing', 'believed_dead'] as const;
export const causesOfDeath = ['drowning', 'vehicle_accident', 'violence', 'harsh_conditions', 'sickness', 'accidental', 'mixed_or_unknown'] as const;
export const remainsStatuses = ['not_recovered', 'recovered', 'identified', 'repatriated', 'buried_locally'] as const;
export const sexes = ['female', 'male', 'other'] as const;

const list = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
export const pfifDateOfBirth = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
export const pfifAge = z.string().regex(/^\d{1,3}(-\d{1,3})?$/, 'must be an integer or a range such as 30-40');
const instant = z.iso.datetime({ message: 'must be a UTC time written YYYY-MM-DDThh:mm:ssZ' });
const language = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as ar or ti');

export const TracingSubject = z.strictObject({
  fullName: name.describe('The name as the author writes it (PFIF full_name)'),
  givenName: name.optional(),
  familyName: name.optional(),
  alternateNames: z.array(name).max(20).default([]).describe('Other spellings and scripts'),
  nationality: countryCodeSchema.optional(),
});

export const TracingAuthor = z.strictObject({
  name: name.optional(),
  phone: e164.optional().describe('Kept in the identity store; Lifeline contacts the author, the number is never published'),
  channel: z.enum(['sms', 'whatsapp', 'telegram', 'email', 'web', 'hotline', 'walk_in', 'import', 'referral']).default('hotline'),
  preferredLanguage: language.optional(),
});

export const ContactConsent = z.strictObject({
  method: z.enum(['verbal', 'sms_keyword', 'web_form', 'signature']),
  language,
  noticeVersion: z.string().min(1).max(60),
}).describe('The person Lifeline would tell about a confirmed match (the author, or the subject of an "I am safe" record) agreed to be told');

export const Incident = z.strictObject({
  date: isoDate.optional(),
  place: text(300).optional(),
  latitude: z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90').optional(),
  longitude: z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180').optional(),
  causeOfDeath: z.enum(causesOfDeath, list(causesOfDeath)).optional(),
  dead: z.number().int().min(0).optional(),
  missing: z.number().int().min(0).optional(),
  survivors: z.number().int().min(0).optional(),
  migrationRoute: text(200).optional(),
  informationSource: text(300).optional(),
  sourceQuality: z.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5').optional(),
}).describe('The facts the Missing Migrants Project collects (missing and deceased migrants only)');

export const TracingRecordCreate = z.strictObject({
  organisationId: z.uuid('must be an organisation id').optional(),
  kind: z.enum(tracingKinds, list(tracingKinds)),
  legalBasis: z.string().min(1).max(60).describe('vital_interest, public_interest, consent, legitimate_interest, contract or legal_obligation'),
  subject: TracingSubject,
  author: TracingAuthor.optional(),
  contactConsent: ContactConsent.optional(),
  sex: z.enum(sexes, list(sexes)).optional(),
  dateOfBirth: pfifDateOfBirth.optional(),
  age: pfifAge.optional(),
  homeCity: text(200).optional(),
  homeState: text(200).optional(),
  homeCountry: countryCodeSchema.optional(),
  regionOfOrigin: text(200).optional(),
  lastKnownLocation: text(300).optional(),
  description: text(2000).optional(),
  photoUrl: z.url('must be a URL').max(500).optional(),
  hasPhotoConsent: z.boolean().default(false),
  incident: Incident.optional(),
  remainsStatus: z.enum(remainsStatuses, list(remainsStatuses)).optional(),
  sourceName: text(200).optional(),
  sourceUrl: z.url('must be a URL').max(500).optional(),
  expiryDate: instant.optional().describe('PFIF expiry_date; default: a year after the source date'),
})
  .refine((v) => !v.photoUrl || v.hasPhotoConsent, { message: 'a photo is kept only with the person\'s consent (hasPhotoConsent: true)', path: ['hasPhotoConsent'] })
  .refine((v) => ['missing_migrant', 'deceased_migrant'].includes(v.kind) || (!v.incident && !v.remainsStatus), { message: 'incident and remainsStatus are for missing and deceased migrants only', path: ['incident'] })
  .refine((v) => v.kind === 'deceased_migrant' || !v.incident?.causeOfDeath, { message: 'causeOfDeath is for deceased migrants only', path: ['incident', 'causeOfDeath'] })
  .refine((v) => !v.expiryDate || Date.parse(v.expiryDate) > Date.now(), { message: 'expiryDate must be in the future', path: ['expiryDate'] });
export type TracingRecordCreate = z.infer<typeof TracingRecordCreate>;

export const TracingRecordUpdate = z.strictObject({
  version: z.number().int().min(1).describe('The version you last read; a different current version gives 409'),
  remainsStatus: z.enum(remainsStatuses, list(remainsStatuses)).optional(),
  lastKnownLocation: text(300).optional(),
  expiryDate: instant.optional().describe('Extend (or shorten) the PFIF expiry'),
}).refine((v) => !v.expiryDate || Date.parse(v.expiryDate) > Date.now(), { message: 'expiryDate must be in the future', path: ['expiryDate'] });

export const NoteCreate = z.strictObject({
  status: z.enum(noteStatuses, list(noteStatuses)).optional(),
  authorName: name,
  authorMadeContact: z.boolean().optional(),
  text: text(5000).optional(),
  lastKnownLocation: text(300).optional(),
  linkedRecordId: z.string().regex(/^[A-Za-z0-9.-]+\/.+$/, 'must be a PFIF record id (domain/local-id)').max(300).optional(),
}).refine((v) => v.status !== 'is_note_author' || v.authorMadeContact === true, { message: 'is_note_author needs authorMadeContact: true', path: ['authorMadeContact'] });

export const TracingNote = z.object({
  id: z.uuid(),
  noteRecordId: z.string(),
  status: z.string().nullable(),
  authorName: z.string(),
  authorMadeContact: z.boolean().nullable(),
  text: z.string().nullable(),
  lastKnownLocation: z.string().nullable(),
  linkedRecordId: z.string().nullable(),
  sourceDate: z.string(),
  entryDate: z.string(),
});

export const TracingRecord = z.object({
  id: z.uuid(),
  recordId: z.string(),
  crisisId: z.uuid(),
  organisationId: z.uuid(),
  kind: z.string(),
  personId: z.uuid().nullable(),
  purpose: z.string(),
  legalBasis: z.string(),
  expired: z.boolean(),
  subject: z.object({ fullName: z.string().nullable(), givenName: z.string().nullable(), familyName: z.string().nullable(), alternateNames: z.array(z.string()), nationality: z.string().nullable() }).nullable()
    .describe('Names from the identity store; null for roles without personal:read'),
  sex: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  age: z.string().nullable(),
  homeCity: z.string().nullable(),
  homeCountry: z.string().nullable(),
  lastKnownLocation: z.string().nullable(),
  hasPhoto: z.boolean(),
  incident: z.record(z.string(), z.unknown()).nullable(),
  remainsStatus: z.string().nullable(),
  sourceName: z.string().nullable(),
  sourceDate: z.string(),
  entryDate: z.string(),
  expiryDate: z.string(),
  version: z.number(),
  confirmedMatches: z.array(z.object({ recordId: z.uuid(), confirmedAt: z.string() })).describe('Only pairs a tracing volunteer confirmed; candidates are never shown here'),
});
export type TracingRecord = z.infer<typeof TracingRecord>;

export const TracingRecordDetail = TracingRecord.extend({ notes: z.array(TracingNote) });

export const RecordListQuery = z.strictObject({
  kind: z.enum(tracingKinds, list(tracingKinds)).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional().describe('nextCursor of the previous page'),
});

export const CandidateListQuery = z.strictObject({
  status: z.enum(['pending', 'claimed', 'confirmed', 'rejected'], list(['pending', 'claimed', 'confirmed', 'rejected'])).default('pending'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const Candidate = z.object({
  id: z.uuid(),
  crisisId: z.uuid(),
  probability: z.number(),
  score: z.number(),
  fields: z.array(z.object({ field: z.string(), outcome: z.string(), weight: z.number(), detail: z.string() })),
  modelVersion: z.string(),
  status: z.string(),
  claimedBy: z.uuid().nullable(),
  decisionNote: z.string().nullable(),
  otherOrganisationId: z.uuid().nullable().describe('Set for a pair across organisations (both sides allowed it): the organisation holding the other record, which its volunteers review too'),
  records: z.array(TracingRecord).describe('The records of the pair your organisations hold: across organisations, the other organisation\'s record is shown only as the field outcomes and scores'),
});

export const Decision = z.strictObject({
  decision: z.enum(['confirm', 'reject'], list(['confirm', 'reject'])),
  note: text(2000).describe('Why: what agreed or what ruled the pair out'),
});

/**
 * The message to a side of a confirmed match: pending (not worked yet), queued (one message naming nobody was queued
 * on a Lifeline channel that reaches them), no_channel (none reaches them: the caseworker contacts them another way,
 * the reason says why); null when nothing is due (withheld).
 */
export const NotificationMessageStatus = z.enum(['pending', 'queued', 'no_channel', 'failed']).nullable()
  .describe('The message to this side: pending, queued (one message naming nobody), no_channel (the caseworker contacts them another way), failed (no message could be queued after every attempt: the caseworker contacts them another way); null when withheld');

export const DecisionResult = z.object({
  id: z.uuid(),
  status: z.string(),
  notifications: z.array(z.object({
    recordId: z.uuid(), status: z.enum(['to_contact', 'withheld']), reason: z.string(),
    messageStatus: NotificationMessageStatus.describe('pending: a side that agreed to be told gets a short message naming nobody if a Lifeline channel reaches them (see the notifications list for the outcome); null when withheld'),
  })),
});

export const TracingNotification = z.object({
  id: z.uuid(), candidateId: z.uuid(), recordId: z.uuid(), status: z.enum(['to_contact', 'withheld']), reason: z.string(), createdAt: z.string(), contactedAt: z.string().nullable(),
  messageStatus: NotificationMessageStatus,
  messageQueuedAt: z.string().nullable().describe('When the message to this side was queued'),
});
