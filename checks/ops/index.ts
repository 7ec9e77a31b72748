import auth001 from './auth-001.js';
import auth002 from './auth-002.js';
import auth003 from './auth-003.js';
import ep001 from './ep-001.js';
import ep002 from './ep-002.js';
import ops001 from './ops-001.js';
import ops002 from './ops-002.js';
import ops003 from './ops-003.js';
import ops004 from './ops-004.js';
import ops005 from './ops-005.js';

/** Operations, endpoint and authorization checks, in catalog order. */
export const opsChecks = [ep001, ep002, auth001, auth002, auth003, ops001, ops002, ops003, ops004, ops005] as const;
