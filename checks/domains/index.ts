import cdn001 from './cdn-001.js';
import cdn002 from './cdn-002.js';
import cdn003 from './cdn-003.js';
import cdn004 from './cdn-004.js';
import cdn005 from './cdn-005.js';
import cdn006 from './cdn-006.js';
import cdn007 from './cdn-007.js';
import cdn008 from './cdn-008.js';
import mr001 from './mr-001.js';
import vpce005 from './vpce-005.js';
import vpce006 from './vpce-006.js';
import vpce007 from './vpce-007.js';

/** Catalog order: C (VPCE-005..007), H (CDN-001..008), I (MR-001). */
export const domainChecks = [vpce005, vpce006, vpce007, cdn001, cdn002, cdn003, cdn004, cdn005, cdn006, cdn007, cdn008, mr001] as const;
