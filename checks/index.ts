import type { CheckDefinition } from '../src/model/check.js';
import { dnsChecks } from './dns/index.js';
import { domainChecks } from './domains/index.js';
import { integrationChecks } from './integration/index.js';
import { networkChecks } from './network/index.js';
import { opsChecks } from './ops/index.js';
import { policyChecks } from './policy/index.js';
import { reachChecks } from './reach/index.js';

/** Every check privapi runs, in catalog order. Adding a check means adding it to its area's list. */
export const checks = [...policyChecks, ...networkChecks, ...opsChecks, ...integrationChecks, ...dnsChecks, ...domainChecks, ...reachChecks] as const satisfies readonly CheckDefinition[];

/** Checks privapi adds beyond the research catalog, and where they come from; a test keeps this and the registry in step. */
export const beyondCatalog: Readonly<Record<string, string>> = {
  'REACH-001': 'reachability engine (src/reach): an intended client of a private API cannot reach it',
  'REACH-002': 'reachability engine: a private API reachable from clients its policy does not name',
  'REACH-003': 'reachability engine: a private API no client of the organization can reach',
  'REACH-004': 'reachability engine: organization VPCs whose private DNS turns a public API\'s default hostname into 403s',
};

/** Catalog rows privapi does not implement, and why; a test keeps this and the catalog in step. */
export const notImplemented: Readonly<Record<string, string>> = {
  'POLICY-007': 'needs CloudTrail UpdateRestApi events on /policy compared with each stage\'s newest deployment; privapi reads no CloudTrail yet',
};
