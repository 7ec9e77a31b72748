import type { CheckDefinition } from '../src/model/check.js';
import policy001 from './policy/policy-001.js';

/** Every check privapi runs, in catalog order. Adding a check means adding it here. */
export const checks = [policy001] as const satisfies readonly CheckDefinition[];
