/**
 * The needs code list comes from the server (GET /api/needs, the need_codes table): a deployment adds, renames and
 * retires its own needs. Until it has loaded (or offline), the shipped codes and their catalogue labels stand in.
 */
import { useQuery } from '@tanstack/react-query';
import { api, must, type GetData } from '../api/client.ts';
import { useT } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';

export const shippedNeedCodes = ['water', 'food', 'shelter', 'medical', 'search_and_rescue', 'security', 'detention', 'documents', 'evacuation', 'missing_person', 'death', 'money', 'information', 'other'] as const;

export type NeedItem = GetData<'/api/needs'>['items'][number];

/** Every need, retired ones included (a record may carry one). */
export function useNeedList() {
  return useQuery({ queryKey: ['needs'], queryFn: () => must(api.GET('/api/needs', { params: { query: { includeRetired: 'true' } } })), staleTime: 300_000 });
}

/** The codes to offer in a form or filter: those in use, then any of `keep` (a record's own, even if retired since). */
export function useNeedCodes(keep: readonly string[] = []): string[] {
  const list = useNeedList();
  const active = list.data ? list.data.items.filter((n) => !n.isRetired).map((n) => n.code) : [...shippedNeedCodes];
  return [...active, ...keep.filter((code) => !active.includes(code))];
}

export function useNeedLabel() {
  const { t, intl } = useT();
  const list = useNeedList();
  const language = intl.locale.slice(0, 2);
  return (code: string) => {
    const need = list.data?.items.find((n) => n.code === code);
    if (need) return need.labels[language] ?? need.labels['en'] ?? code;
    return (shippedNeedCodes as readonly string[]).includes(code) ? t(`need.${code}` as MessageKey) : code;
  };
}

export function NeedTags({ needs }: { needs: string[] }) {
  const label = useNeedLabel();
  return <ul className="tags">{needs.map((n) => <li key={n}>{label(n)}</li>)}</ul>;
}

/** The reasons triage gives besides those of needs (triage/urgency.ts stores them in English). */
const cueReasons: Record<string, MessageKey> = {
  children: 'reason.children', pregnancy: 'reason.pregnancy', 'older people': 'reason.olderPeople', injuries: 'reason.injuries',
  'a medical need': 'reason.medical', 'no water': 'reason.noWater', 'no food': 'reason.noFood', 'no shelter': 'reason.noShelter',
};

/**
 * An urgency reason in the console's language. Triage stores reasons in English: a cue's reason is translated here, a
 * need's reason is found on the code list (its urgency reason, or for a deployment's own need its English label) and
 * shown in this language when the list has it; anything else is shown as stored.
 */
export function useUrgencyReason() {
  const { t, intl } = useT();
  const list = useNeedList();
  const language = intl.locale.slice(0, 2);
  return (reason: string) => {
    const cue = cueReasons[reason];
    if (cue) return t(cue);
    for (const need of list.data?.items ?? []) {
      if (need.urgencyReason?.['en'] === reason) return need.urgencyReason[language] ?? reason;
      if (!need.isShipped && !need.urgencyReason && need.labels['en']?.toLowerCase() === reason) return need.labels[language]?.toLowerCase() ?? reason;
    }
    return reason;
  };
}
