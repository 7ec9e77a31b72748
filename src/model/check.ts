import type { InventoryIndex } from './inventory-index.js';
import type { Service } from './inventory.js';

/**
 * The contract every check module fulfils. A check is a pure function of the inventory that
 * returns one result per resource it applies to; metadata and logic live in one typed object so
 * the registry, the docs and `privapi checks` read the same source.
 */

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** ERROR: the inventory the check needs was not collected; never turned into PASS or FAIL. */
export type ResultStatus = 'PASS' | 'FAIL' | 'NOT_APPLICABLE' | 'ERROR';

export interface ResourceRef {
  arn: string;
  /** ASFF resource type, e.g. AwsApiGatewayRestApi or AwsEc2Vpc; "Other" where ASFF defines none. */
  type: string;
}

export interface CheckResult {
  checkId: string;
  status: ResultStatus;
  accountId: string;
  region: string;
  /** The primary resource: the finding's identity across runs. */
  resource: ResourceRef;
  /** Every other resource involved (the endpoint, its security group, …). */
  related: ResourceRef[];
  severity: Severity;
  /** Key into the check's messages (FAIL and ERROR results). */
  messageId?: string;
  message: string;
}

export interface CheckDefinition<M extends string = string> {
  id: string;
  title: string;
  /** The default severity; a result may raise or lower it where the catalog says so. */
  severity: Severity;
  resourceType: string;
  /** The services whose collection the check reads; an incomplete one makes its results ERROR. */
  requires: readonly Service[];
  remediation: { text: string; url: string };
  references: readonly string[];
  /** What AWS documents or leaves undocumented about the behaviour the check relies on. */
  notes?: readonly string[];
  /** Message templates by id; `{{name}}` placeholders are filled from the result's values. */
  messages: Readonly<Record<M, string>>;
  evaluate(inventory: InventoryIndex, report: Reporter<M>): CheckResult[];
}

/** Builds results for one check, so every result carries the check's id, severity and wording. */
export interface Reporter<M extends string> {
  pass(at: Located, resource: ResourceRef, related?: ResourceRef[]): CheckResult;
  fail(at: Located, resource: ResourceRef, messageId: M, values?: Record<string, string | number>, options?: { related?: ResourceRef[]; severity?: Severity }): CheckResult;
  notApplicable(at: Located, resource: ResourceRef): CheckResult;
  /** The inventory this result needs was not collected (or could not be read). */
  error(at: Located, resource: ResourceRef, reason: string): CheckResult;
}

export interface Located {
  accountId: string;
  region: string;
}

export function defineCheck<const M extends string>(definition: CheckDefinition<M>): CheckDefinition<M> {
  return definition;
}

export function formatMessage(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function reporterFor<M extends string>(check: CheckDefinition<M>): Reporter<M> {
  const base = (at: Located, resource: ResourceRef, status: ResultStatus, message: string, related: ResourceRef[] = [], severity: Severity = check.severity) => ({
    checkId: check.id,
    status,
    accountId: at.accountId,
    region: at.region,
    resource,
    related,
    severity,
    message,
  });
  return {
    pass: (at, resource, related) => base(at, resource, 'PASS', `${check.title}: passed`, related),
    fail: (at, resource, messageId, values, options) => ({
      ...base(at, resource, 'FAIL', formatMessage(check.messages[messageId], values), options?.related, options?.severity),
      messageId,
    }),
    notApplicable: (at, resource) => base(at, resource, 'NOT_APPLICABLE', `${check.title}: not applicable`),
    error: (at, resource, reason) => ({ ...base(at, resource, 'ERROR', reason), messageId: 'inventoryMissing' }),
  };
}

/** Runs one check; the reporter is built here so a check cannot forge another check's results. */
export function runCheck<M extends string>(check: CheckDefinition<M>, inventory: InventoryIndex): CheckResult[] {
  return check.evaluate(inventory, reporterFor(check));
}
