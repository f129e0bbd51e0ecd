/**
 * The needs code list for platform administrators: add a need, rename or translate one, set the urgency and reason it
 * brings to triage, retire or restore it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, must } from '../api/client.ts';
import { useErrorText } from '../api/error-text.ts';
import { type NeedItem, useNeedList } from '../components/Needs.tsx';
import { QueryStatus } from '../components/Status.tsx';
import { useT } from '../i18n/i18n.tsx';

const languages = ['en', 'fr', 'ar', 'es'] as const;
type Labels = Record<(typeof languages)[number], string>;
const empty: Labels = { en: '', fr: '', ar: '', es: '' };
const levels = ['high', 'medium', 'low'] as const;
type Level = (typeof levels)[number];

/** The labels given, without empty ones (the server keeps the others). */
const given = (labels: Labels) => Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));
/** The urgency reason given: null when every language is empty (the server then shows no reason of its own). */
const reasonOf = (reason: Labels) => {
  const texts = given(reason);
  return Object.keys(texts).length > 0 ? (texts as { en: string }) : null;
};

/** One text per console language: the need's labels (English required) or its urgency reason. */
function LabelFields({ labels, onChange, text = 'needs.label', required = true }: { labels: Labels; onChange: (labels: Labels) => void; text?: 'needs.label' | 'needs.reason'; required?: boolean }) {
  const { t, intl } = useT();
  const names = new Intl.DisplayNames([intl.locale], { type: 'language' });
  return (
    <>
      {languages.map((l) => (
        <label key={l}>
          {t(text, { language: names.of(l) ?? l })}{' '}
          <input dir="auto" lang={l} value={labels[l]} required={required && l === 'en'} maxLength={80} onChange={(e) => onChange({ ...labels, [l]: e.target.value })} />
        </label>
      ))}
    </>
  );
}

const sameTexts = (a: Record<string, string> | null, b: Record<string, string> | null) =>
  a === null || b === null ? a === b : Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** Only what changed, so the audit log names only that. */
function changedUrgency(need: NeedItem, urgency: Level, reason: Record<string, string> | null) {
  return {
    ...(urgency !== need.urgency ? { urgency } : {}),
    ...(!sameTexts(reason, need.urgencyReason) ? { urgencyReason: reason as { en: string } | null } : {}),
  };
}

function UrgencyFields({ urgency, reason, onUrgency, onReason }: { urgency: Level; reason: Labels; onUrgency: (u: Level) => void; onReason: (r: Labels) => void }) {
  const { t } = useT();
  const id = useId();
  return (
    <>
      <p>
        <label htmlFor={id}>{t('needs.urgency')}</label>{' '}
        <select id={id} value={urgency} onChange={(e) => onUrgency(e.target.value as Level)}>
          {levels.map((l) => <option key={l} value={l}>{t(`urgency.${l}`)}</option>)}
        </select>
      </p>
      <p className="hint">{t('needs.reasonHint')}</p>
      <LabelFields labels={reason} onChange={onReason} text="needs.reason" required={reason.fr !== '' || reason.ar !== '' || reason.es !== ''} />
    </>
  );
}

export function Needs() {
  const { t, intl } = useT();
  const list = useNeedList();
  const language = intl.locale.slice(0, 2);
  return (
    <main id="main">
      <h1>{t('needs.title')}</h1>
      <p className="hint">{t('needs.intro')}</p>
      <QueryStatus query={list} />
      {list.data && (
        <table>
          <thead>
            <tr><th scope="col">{t('needs.code')}</th><th scope="col">{t('needs.name')}</th><th scope="col">{t('needs.lifeSafety')}</th><th scope="col">{t('needs.urgency')}</th><th scope="col">{t('needs.state')}</th><th scope="col"><span className="visually-hidden">{t('needs.actions')}</span></th></tr>
          </thead>
          <tbody>
            {list.data.items.map((n) => <Row key={n.code} need={n} language={language} />)}
          </tbody>
        </table>
      )}
      <Add />
    </main>
  );
}

function Row({ need, language }: { need: NeedItem; language: string }) {
  const { t } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [labels, setLabels] = useState<Labels>({ ...empty, ...need.labels });
  const [urgency, setUrgency] = useState<Level>(need.urgency);
  const [reason, setReason] = useState<Labels>({ ...empty, ...need.urgencyReason });
  const [error, setError] = useState<string>();
  const done = () => queryClient.invalidateQueries({ queryKey: ['needs'] });
  const path = { params: { path: { code: need.code } } };
  const retire = useMutation({
    mutationFn: () => must(need.isRetired ? api.POST('/api/needs/{code}/restore', path) : api.POST('/api/needs/{code}/retire', path)),
    onSuccess: done, onError: (e) => setError(errorText(e)),
  });
  const rename = useMutation({
    mutationFn: () => must(api.PATCH('/api/needs/{code}', { ...path, body: { labels: given(labels), ...changedUrgency(need, urgency, reasonOf(reason)) } })),
    onSuccess: async () => { setEditing(false); setError(undefined); await done(); }, onError: (e) => setError(errorText(e)),
  });
  return (
    <tr>
      <td><code>{need.code}</code></td>
      <td dir="auto">
        {editing ? (
          <form onSubmit={(e) => { e.preventDefault(); rename.mutate(); }}>
            <LabelFields labels={labels} onChange={setLabels} />
            <UrgencyFields urgency={urgency} reason={reason} onUrgency={setUrgency} onReason={setReason} />
            <button type="submit" disabled={rename.isPending}>{t('needs.save')}</button>
          </form>
        ) : (need.labels[language] ?? need.labels['en'])}
        {error && <p role="alert" className="error">{error}</p>}
      </td>
      <td>{need.isLifeSafety ? t('needs.yes') : ''}</td>
      <td>
        {t(`urgency.${need.urgency}`)}
        {need.urgencyReason && <span className="hint" dir="auto"> ({need.urgencyReason[language] ?? need.urgencyReason['en']})</span>}
      </td>
      <td>{need.isRetired ? t('needs.retired') : t('needs.inUse')}</td>
      <td>
        {!editing && <button type="button" onClick={() => setEditing(true)}>{t('needs.rename')}</button>}{' '}
        <button type="button" onClick={() => retire.mutate()} disabled={retire.isPending}>{need.isRetired ? t('needs.restore') : t('needs.retire')}</button>
      </td>
    </tr>
  );
}

function Add() {
  const { t } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [labels, setLabels] = useState<Labels>(empty);
  const [lifeSafety, setLifeSafety] = useState(false);
  const [chosen, setChosen] = useState<Level>();
  const [reason, setReason] = useState<Labels>(empty);
  const [error, setError] = useState<string>();
  /** Until chosen, the server's default: medium for a life-safety need, else low. */
  const urgency = chosen ?? (lifeSafety ? 'medium' : 'low');
  const add = useMutation({
    mutationFn: () => must(api.POST('/api/needs', { body: { code: code.trim(), labels: { en: labels.en.trim(), ...given(labels) }, isLifeSafety: lifeSafety, urgency, urgencyReason: reasonOf(reason) } })),
    onSuccess: async () => { setCode(''); setLabels(empty); setLifeSafety(false); setChosen(undefined); setReason(empty); setError(undefined); await queryClient.invalidateQueries({ queryKey: ['needs'] }); },
    onError: (e) => setError(errorText(e)),
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
      <h2>{t('needs.add')}</h2>
      <label>
        {t('needs.code')}{' '}
        <input value={code} required pattern="[a-z][a-z0-9]*(_[a-z0-9]+)*" maxLength={40} aria-describedby="need-code-hint" onChange={(e) => setCode(e.target.value)} />
      </label>
      <p id="need-code-hint" className="hint">{t('needs.codeHint')}</p>
      <LabelFields labels={labels} onChange={setLabels} />
      <label><input type="checkbox" checked={lifeSafety} onChange={(e) => setLifeSafety(e.target.checked)} /> {t('needs.lifeSafety')}</label>
      <UrgencyFields urgency={urgency} reason={reason} onUrgency={setChosen} onReason={setReason} />
      <button type="submit" disabled={add.isPending}>{t('needs.add')}</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
