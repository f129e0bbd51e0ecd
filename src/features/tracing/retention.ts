/**
 * PFIF expiry as a retention target: a tracing record whose expiry_date has passed becomes a placeholder (ids and
 * dates only, source_date and entry_date bumped so feeds and clones delete their copies); its notes, blocking keys,
 * open candidate pairs and the identity records of its subject and author are removed.
 */
import type { RetentionTarget } from '../data-protection/retention.service.ts';
import { expiredDue, makePlaceholders } from './tracing.repo.ts';

const POLICY = 'tracing_pfif_expiry';

export const tracingRetention: RetentionTarget = {
  name: 'tracing_records',
  async countDue(db, now): Promise<Record<string, number>> {
    const due = await expiredDue(db, now);
    return due.length > 0 ? { [POLICY]: due.length } : {};
  },
  async apply(trx, now): Promise<Record<string, number>> {
    const due = await expiredDue(trx, now);
    if (due.length === 0) return {};
    return { [POLICY]: await makePlaceholders(trx, due.map((d) => d.id), now) };
  },
};
