import { useT } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';

export const needCodes = ['water', 'food', 'shelter', 'medical', 'search_and_rescue', 'security', 'detention', 'documents', 'evacuation', 'missing_person', 'death', 'money', 'information', 'other'] as const;
export type Need = (typeof needCodes)[number];

export function useNeedLabel() {
  const { t } = useT();
  return (code: string) => ((needCodes as readonly string[]).includes(code) ? t(`need.${code}` as MessageKey) : code);
}

export function NeedTags({ needs }: { needs: string[] }) {
  const label = useNeedLabel();
  return <ul className="tags">{needs.map((n) => <li key={n}>{label(n)}</li>)}</ul>;
}
