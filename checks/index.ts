import type { CheckDefinition } from '../src/model/check.js';
import { dnsChecks } from './dns/index.js';
import { domainChecks } from './domains/index.js';
import { integrationChecks } from './integration/index.js';
import { networkChecks } from './network/index.js';
import { opsChecks } from './ops/index.js';
import { policyChecks } from './policy/index.js';

/** Every check privapi runs, in catalog order. Adding a check means adding it to its area's list. */
export const checks = [...policyChecks, ...networkChecks, ...opsChecks, ...integrationChecks, ...dnsChecks, ...domainChecks] as const satisfies readonly CheckDefinition[];

/** Catalog rows privapi does not implement, and why; a test keeps this and the catalog in step. */
export const notImplemented: Readonly<Record<string, string>> = {
  'POLICY-007': 'needs CloudTrail UpdateRestApi events on /policy compared with each stage\'s newest deployment; privapi reads no CloudTrail yet',
};
