import lb001 from './lb-001.js';
import lb002 from './lb-002.js';
import lb003 from './lb-003.js';
import lb004 from './lb-004.js';
import r53001 from './r53-001.js';
import r53002 from './r53-002.js';
import r53003 from './r53-003.js';
import r53004 from './r53-004.js';
import r53005 from './r53-005.js';
import r53006 from './r53-006.js';
import r53007 from './r53-007.js';
import r53008 from './r53-008.js';
import r53009 from './r53-009.js';

/** Catalog sections F (load balancer in front of the execute-api endpoint) and G (Route 53 and Resolver). */
export const dnsChecks = [lb001, lb002, lb003, lb004, r53001, r53002, r53003, r53004, r53005, r53006, r53007, r53008, r53009] as const;
