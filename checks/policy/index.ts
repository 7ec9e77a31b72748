import policy001 from './policy-001.js';
import policy002 from './policy-002.js';
import policy003 from './policy-003.js';
import policy004 from './policy-004.js';
import policy005 from './policy-005.js';
import policy006 from './policy-006.js';
import policy008 from './policy-008.js';

/** POLICY-007 (policy changed but not redeployed) needs CloudTrail, which privapi does not collect. */
export const policyChecks = [policy001, policy002, policy003, policy004, policy005, policy006, policy008] as const;
