import dns001 from './dns-001.js';
import dns002 from './dns-002.js';
import dns003 from './dns-003.js';
import dns004 from './dns-004.js';
import dns005 from './dns-005.js';
import vpce001 from './vpce-001.js';
import vpce002 from './vpce-002.js';
import vpce003 from './vpce-003.js';
import vpce004 from './vpce-004.js';

/** Endpoint network and DNS checks, in catalog order (DNS-* in section B, VPCE-* in section C). */
export const networkChecks = [dns001, dns002, dns003, dns004, dns005, vpce001, vpce002, vpce003, vpce004] as const;
