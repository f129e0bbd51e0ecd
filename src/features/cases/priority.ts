/**
 * A case's priority (0 to 100) that explains itself: every point comes with a reason the caseworker can read
 * ("unaccompanied child, severity 3: +24"). Pure function; the case service stores the result beside the case.
 */
import { needLabel, type NeedList } from '../triage/needs.ts';
import { type RiskLevel, type Vulnerability, vulnerabilities } from './vulnerabilities.ts';

export interface PriorityInput {
  needs: readonly string[];
  vulnerabilities: readonly { code: string; severity: number }[];
  riskLevel: RiskLevel;
  /** The urgency triage gave the SOS the case came from, if any. */
  urgency?: string | null;
}

const RISK_POINTS: Record<RiskLevel, number> = { low: 0, medium: 5, high: 15, critical: 30 };
const URGENCY_POINTS: Record<string, number> = { high: 15, medium: 5, low: 0 };

/** `needs` is the code list: which needs are life-safety, and their English labels for the reasons. */
export function computePriority(input: PriorityInput, needs: NeedList): { priority: number; reasons: string[] } {
  const parts: { points: number; reason: string }[] = [];
  const lifeSafety = input.needs.filter((n) => needs.byCode.get(n)?.isLifeSafety);
  for (const need of lifeSafety) parts.push({ points: 12, reason: `${needLabel(needs, need).toLowerCase()} need` });
  const otherNeeds = input.needs.length - lifeSafety.length;
  if (otherNeeds > 0) parts.push({ points: Math.min(otherNeeds * 3, 9), reason: `${otherNeeds} other need${otherNeeds === 1 ? '' : 's'}` });
  for (const v of input.vulnerabilities) {
    const label = vulnerabilities[v.code as Vulnerability]?.en.toLowerCase() ?? v.code;
    parts.push({ points: v.severity * 8, reason: `${label}, severity ${v.severity}` });
  }
  if (RISK_POINTS[input.riskLevel] > 0) parts.push({ points: RISK_POINTS[input.riskLevel], reason: `${input.riskLevel} risk` });
  const urgency = input.urgency ? URGENCY_POINTS[input.urgency] ?? 0 : 0;
  if (urgency > 0) parts.push({ points: urgency, reason: `SOS triaged as ${input.urgency} urgency` });
  parts.sort((a, b) => b.points - a.points);
  const total = parts.reduce((sum, p) => sum + p.points, 0);
  return { priority: Math.min(100, total), reasons: parts.map((p) => `${p.reason}: +${p.points}`) };
}
