/** The case's assessment: needs, vulnerabilities with their severity, risk level and follow-up date, saved with the version read (409: someone else changed it). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, must } from '../../api/client.ts';
import { useErrorText } from '../../api/error-text.ts';
import { useNeedCodes, useNeedLabel } from '../../components/Needs.tsx';
import { type RiskLevel, riskLevels, type Vulnerability, vulnerabilityCodes, vulnerabilityDefaults } from '../../components/Vulnerabilities.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages/en.ts';

export interface AssessedCase {
  id: string;
  version: number;
  needs: string[];
  vulnerabilities: { code: string; severity: number }[];
  riskLevel: string;
  nextFollowUp: string | null;
}

export function Assessment({ c }: { c: AssessedCase }) {
  const { t } = useT();
  const [saved, setSaved] = useState(false);
  return (
    <section aria-labelledby="assessment">
      <h2 id="assessment">{t('assessment.title')}</h2>
      {/* A new version (saved here or reloaded) starts the form again from what the server holds. */}
      <AssessmentForm key={c.version} c={c} onSaved={() => setSaved(true)} onEdit={() => setSaved(false)} />
      {saved && <p role="status">{t('assessment.saved')}</p>}
    </section>
  );
}

function AssessmentForm({ c, onSaved, onEdit }: { c: AssessedCase; onSaved: () => void; onEdit: () => void }) {
  const { t } = useT();
  const errorText = useErrorText();
  const needLabel = useNeedLabel();
  const needCodes = useNeedCodes(c.needs);
  const queryClient = useQueryClient();
  const [needs, setNeeds] = useState<string[]>(c.needs);
  const [vulns, setVulns] = useState<Map<string, number>>(() => new Map(c.vulnerabilities.map((v) => [v.code, v.severity])));
  const [risk, setRisk] = useState<string>(c.riskLevel);
  const [followUp, setFollowUp] = useState<string>(c.nextFollowUp?.slice(0, 10) ?? '');
  const save = useMutation({
    mutationFn: () =>
      must(api.PATCH('/api/cases/{id}', {
        params: { path: { id: c.id } },
        body: {
          version: c.version,
          needs: needCodes.filter((n) => needs.includes(n)),
          vulnerabilities: vulnerabilityCodes.filter((v) => vulns.has(v)).map((code) => ({ code, severity: vulns.get(code) as number })),
          riskLevel: risk as RiskLevel,
          nextFollowUp: followUp || null,
        },
      })),
    onSuccess: async () => {
      onSaved();
      await queryClient.invalidateQueries({ queryKey: ['case', c.id] });
    },
  });
  const conflict = save.error instanceof ApiError && save.error.status === 409;
  const edit = () => onEdit();
  const toggleNeed = (code: string, on: boolean) => { edit(); setNeeds((list) => (on ? [...list, code] : list.filter((n) => n !== code))); };
  const setVuln = (code: Vulnerability, severity: number | null) => {
    edit();
    setVulns((map) => {
      const next = new Map(map);
      if (severity === null) next.delete(code);
      else next.set(code, severity);
      return next;
    });
  };
  return (
    <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <fieldset className="checks">
        <legend>{t('cases.needs')}</legend>
        {needCodes.map((n) => (
          <label key={n}><input type="checkbox" checked={needs.includes(n)} onChange={(e) => toggleNeed(n, e.target.checked)} /> {needLabel(n)}</label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('assessment.vulnerabilities')}</legend>
        <ul className="vulnerabilities">
          {vulnerabilityCodes.map((code) => {
            const severity = vulns.get(code);
            const label = t(`vulnerability.${code}` as MessageKey);
            return (
              <li key={code}>
                <label className="inline">
                  <input type="checkbox" checked={severity !== undefined} onChange={(e) => setVuln(code, e.target.checked ? vulnerabilityDefaults[code] : null)} /> {label}
                </label>
                {severity !== undefined && (
                  <label className="inline">
                    {t('assessment.severity')}
                    <select aria-label={t('assessment.severityOf', { factor: label })} value={severity} onChange={(e) => setVuln(code, Number(e.target.value))}>
                      {[1, 2, 3].map((s) => <option key={s} value={s}>{t(`severity.${s}` as MessageKey)}</option>)}
                    </select>
                  </label>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>
      <label htmlFor="risk">{t('cases.risk')}</label>
      <select id="risk" value={risk} onChange={(e) => { edit(); setRisk(e.target.value); }}>
        {riskLevels.map((r) => <option key={r} value={r}>{t(`risk.${r}` as MessageKey)}</option>)}
      </select>
      <label htmlFor="follow-up">{t('assessment.followUp')}</label>
      <input id="follow-up" type="date" value={followUp} onChange={(e) => { edit(); setFollowUp(e.target.value); }} />
      <button type="submit" disabled={save.isPending}>{t('assessment.save')}</button>
      {save.isError && (
        <p role="alert" className="error">
          {conflict ? t('assessment.conflict') : errorText(save.error)}{' '}
          {conflict && <button type="button" onClick={() => void queryClient.invalidateQueries({ queryKey: ['case', c.id] })}>{t('assessment.reload')}</button>}
        </p>
      )}
    </form>
  );
}
