/**
 * What triage read from a message: why the urgency, the place found (with its first-level area, its country and its
 * confidence), people counts, nationalities, other people's phones.
 */
import type { GetData } from '../api/client.ts';
import { useT } from '../i18n/i18n.tsx';
import { useUrgencyReason } from './Needs.tsx';

type Item = GetData<'/api/crises/{crisisId}/triage-queue'>['items'][number];

export function Facts({ item }: { item: Item }) {
  const { t, intl } = useT();
  const reason = useUrgencyReason();
  const regions = new Intl.DisplayNames([intl.locale], { type: 'region' });
  const region = (code: string | undefined) => (code ? (regions.of(code) ?? code) : '');
  const list = (values: string[]) => intl.formatList(values, { type: 'conjunction' });
  const place = item.facts.places[0];
  const people = item.facts.people;
  return (
    <div className="facts">
      {item.urgencyReasons.length > 0 && <p className="hint">{t('triage.why', { reasons: list(item.urgencyReasons.map(reason)) })}</p>}
      {place && (
        <p dir="auto" title={place.evidence.join(' · ')}>
          {t('triage.foundPlace', { place: place.name, country: [place.admin1Name, region(place.country)].filter(Boolean).join(', '), confidence: place.confidence })}
        </p>
      )}
      {people && (people.total || people.children || people.injured) ? (
        <p>{t('triage.people', { total: people.total ?? 0, children: people.children ?? 0, injured: people.injured ?? 0 })}</p>
      ) : null}
      {item.facts.nationalities.length > 0 && <p>{t('triage.nationalities', { list: list(item.facts.nationalities.map(region)) })}</p>}
      {item.facts.thirdPartyPhones.length > 0 && <p className="hint"><span>{t('triage.phones', { list: '' })}</span><bdi dir="ltr">{item.facts.thirdPartyPhones.join(', ')}</bdi></p>}
    </div>
  );
}
