/** A very small router over the History API (no library): paths under /console/. */
import { useEffect, useState } from 'react';

export const BASE = '/console';

export function navigate(to: string): void {
  history.pushState(null, '', BASE + to);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const read = () => location.pathname.slice(BASE.length) || '/';
  const [path, setPath] = useState(read);
  useEffect(() => {
    const on = () => setPath(read());
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return path;
}

export type Route =
  | { screen: 'home' }
  | { screen: 'dashboard' | 'triage' | 'cases' | 'directory' | 'channels' | 'map'; crisisId: string }
  | { screen: 'case'; crisisId: string; caseId: string }
  | { screen: 'users' | 'audit' | 'needs' };

export function parse(path: string): Route {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'users') return { screen: 'users' };
  if (parts[0] === 'audit') return { screen: 'audit' };
  if (parts[0] === 'needs') return { screen: 'needs' };
  if (parts[0] === 'c' && parts[1]) {
    const crisisId = parts[1];
    if (parts[2] === 'cases' && parts[3]) return { screen: 'case', crisisId, caseId: parts[3] };
    const s = parts[2];
    if (s === 'triage' || s === 'cases' || s === 'directory' || s === 'channels' || s === 'map') return { screen: s, crisisId };
    return { screen: 'dashboard', crisisId };
  }
  return { screen: 'home' };
}
