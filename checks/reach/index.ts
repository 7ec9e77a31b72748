import reach001 from './reach-001.js';
import reach002 from './reach-002.js';
import reach003 from './reach-003.js';
import reach004 from './reach-004.js';

/** Findings from the reachability engine (src/reach): not rows of the research catalog, see `beyondCatalog`. */
export const reachChecks = [reach001, reach002, reach003, reach004] as const;
