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
