/** Every kind of personal record the retention job looks after. A module with personal records adds its target here. */
import { peopleTarget, type RetentionTarget } from './data-protection/retention.service.ts';
import { sosTextRetention } from './intake/pipeline.ts';
import { tracingRetention } from './tracing/retention.ts';
import { triageExamplesRetention } from './triage/retraining.ts';

export const retentionTargets: readonly RetentionTarget[] = [peopleTarget, sosTextRetention, triageExamplesRetention, tracingRetention];
