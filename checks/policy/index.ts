import policy001 from './policy-001.js';

export const policyChecks = [policy001] as const;
