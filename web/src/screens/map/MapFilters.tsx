/** The map's filters: layers, need, verification status and time window. Each change applies at once. */
import { useNeedCodes, useNeedLabel } from '../../components/Needs.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages/en.ts';
import type { Filters } from './useClusters.ts';

export const windows = [1, 7, 30, 90, 365, undefined] as const;
const statuses = ['unverified', 'verified', 'false', 'duplicate'] as const;
export const layerNames = ['reports', 'incidents', 'services', 'evacuation'] as const;
export type LayerName = (typeof layerNames)[number];

interface Props {
  filters: Filters;
  onFilters: (f: Filters) => void;
  layers: Record<LayerName, boolean>;
  onLayers: (l: Record<LayerName, boolean>) => void;
}

export function MapFilters({ filters, onFilters, layers, onLayers }: Props) {
  const { t } = useT();
  const needLabel = useNeedLabel();
  const needCodes = useNeedCodes();
  const windowIndex = windows.indexOf(filters.days as (typeof windows)[number]);
  const windowLabel = (days: number | undefined) => (days === undefined ? t('map.allTime') : t('map.lastDays', { count: days }));
  return (
    <form className="map-filters" aria-label={t('map.filters')} onSubmit={(e) => e.preventDefault()}>
      <fieldset>
        <legend>{t('map.layers')}</legend>
        {layerNames.map((name) => (
          <label key={name} className="inline">
            <input type="checkbox" checked={layers[name]} onChange={(e) => onLayers({ ...layers, [name]: e.target.checked })} /> {t(`map.layer.${name}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('map.need')}
        <select value={filters.category} onChange={(e) => onFilters({ ...filters, category: e.target.value })}>
          <option value="">{t('directory.anyNeed')}</option>
          {needCodes.map((n) => <option key={n} value={n}>{needLabel(n)}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>{t('map.verification')}</legend>
        {statuses.map((s) => (
          <label key={s} className="inline">
            <input
              type="checkbox"
              checked={filters.verification.includes(s)}
              onChange={(e) => onFilters({ ...filters, verification: e.target.checked ? [...filters.verification, s] : filters.verification.filter((v) => v !== s) })}
            /> {t(`map.status.${s}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('map.window')}: <output>{windowLabel(filters.days)}</output>
        <input
          type="range"
          min={0}
          max={windows.length - 1}
          step={1}
          value={windowIndex < 0 ? windows.length - 1 : windowIndex}
          aria-valuetext={windowLabel(filters.days)}
          onChange={(e) => onFilters({ ...filters, days: windows[Number(e.target.value)] })}
        />
      </label>
    </form>
  );
}
