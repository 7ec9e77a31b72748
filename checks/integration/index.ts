import int001 from './int-001.js';
import int002 from './int-002.js';
import int003 from './int-003.js';
import int004 from './int-004.js';
import int005 from './int-005.js';
import int006 from './int-006.js';
import int007 from './int-007.js';
import int008 from './int-008.js';
import int009 from './int-009.js';
import int010 from './int-010.js';
import int011 from './int-011.js';
import int012 from './int-012.js';
import int013 from './int-013.js';
import int014 from './int-014.js';

export const integrationChecks = [int001, int002, int003, int004, int005, int006, int007, int008, int009, int010, int011, int012, int013, int014] as const;
