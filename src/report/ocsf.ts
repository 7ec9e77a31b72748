import { parseArn, partitionOfArn } from '../model/arn.js';
import type { ResourceRef, Severity } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import type { Partition } from '../model/inventory.js';
import { asffResourceType, asffTypes, importRegionOf } from '../sinks/asff.js';
import { PRIVAPI_VERSION } from '../version.js';
import { compareFindings, isOpen, type Report } from './model.js';
import { oneLine, stripControl } from './text.js';

/**
 * Finding → OCSF Detection Finding (class 2004), the schema the current Security Hub ingests.
 *
 * Version: "Security Hub currently supports findings in OCSF schema version 1.6."
 * https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-ocsf.html
 *
 * Attribute names, enums and requirements are those of OCSF 1.6.0:
 * https://schema.ocsf.io/1.6.0/classes/detection_finding and the objects under
 * https://schema.ocsf.io/1.6.0/objects/ (metadata, product, finding_info, cloud, account,
 * remediation, resource_details, user); the required attributes come from the schema sources in
 * https://github.com/ocsf/ocsf-schema (events/base_event.json, events/findings/finding.json,
 * profiles/cloud.json) and the 1.6.0 reference at https://docs.tenzir.com/reference/ocsf/1-6-0.
 * Resource ownership follows Security Hub's own example, resources[].owner.account.uid:
 * https://docs.aws.amazon.com/securityhub/latest/userguide/aws-extension-basic-attributes.html
 */

export const OCSF_VERSION = '1.6.0';

const CLASS_UID = 2004;
const CATEGORY_UID = 2;
const CLASS_NAME = 'Detection Finding';

const ACTIVITIES = { 1: 'Create', 2: 'Update', 3: 'Close' } as const;
type ActivityId = keyof typeof ACTIVITIES;

const SEVERITY_IDS: Readonly<Record<Severity, { id: number; name: string }>> = {
  INFORMATIONAL: { id: 1, name: 'Informational' },
  LOW: { id: 2, name: 'Low' },
  MEDIUM: { id: 3, name: 'Medium' },
  HIGH: { id: 4, name: 'High' },
  CRITICAL: { id: 5, name: 'Critical' },
};

// finding.status_id. "In Progress" means a person is reviewing the finding, which privapi cannot
// know, so every open finding stays New, as ASFF Workflow.Status does.
const STATUS = { new: { id: 1, name: 'New' }, suppressed: { id: 3, name: 'Suppressed' }, resolved: { id: 4, name: 'Resolved' } } as const;

// account.type_id 10 is "AWS Account".
const AWS_ACCOUNT = { type: 'AWS Account', type_id: 10 } as const;

export interface OcsfAccount {
  uid: string;
  type: string;
  type_id: number;
}

export interface OcsfResource {
  uid: string;
  type: string;
  region: string;
  cloud_partition: string;
  owner?: { account: OcsfAccount };
}

export interface OcsfDetectionFinding {
  class_uid: number;
  class_name: string;
  category_uid: number;
  category_name: string;
  activity_id: number;
  activity_name: string;
  type_uid: number;
  type_name: string;
  time: number;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  is_alert: boolean;
  message: string;
  metadata: {
    version: string;
    product: { name: string; vendor_name: string; version: string; uid: string };
    profiles: string[];
  };
  finding_info: {
    uid: string;
    title: string;
    desc: string;
    types: string[];
    created_time: number;
    first_seen_time: number;
    last_seen_time: number;
    modified_time: number;
  };
  cloud: {
    provider: string;
    region: string;
    cloud_partition: string;
    account: OcsfAccount;
  };
  resources: OcsfResource[];
  remediation: { desc: string; references?: string[] };
  unmapped: Record<string, string>;
}

export interface OcsfContext {
  partition: Partition;
  /** Where findings whose region is 'global' (Route 53) belong, as in ASFF. */
  homeRegion: string;
}

const epochMs = (iso: string): number => Date.parse(iso);

export function toOcsf(f: Finding, ctx: OcsfContext): OcsfDetectionFinding {
  const resolved = f.state === 'RESOLVED';
  const activityId: ActivityId = resolved ? 3 : f.lifecycle === 'NEW' ? 1 : 2;
  const status = resolved ? STATUS.resolved : f.muted ? STATUS.suppressed : STATUS.new;
  const severity = SEVERITY_IDS[f.severity];
  const region = oneLine(importRegionOf(f, ctx));
  const url = oneLine(f.remediation.url);
  return {
    class_uid: CLASS_UID,
    class_name: CLASS_NAME,
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    activity_id: activityId,
    activity_name: ACTIVITIES[activityId],
    type_uid: CLASS_UID * 100 + activityId,
    type_name: `${CLASS_NAME}: ${ACTIVITIES[activityId]}`,
    time: epochMs(resolved ? f.resolvedAt ?? f.lastObservedAt : f.lastObservedAt),
    severity_id: severity.id,
    severity: severity.name,
    status_id: status.id,
    status: status.name,
    is_alert: isOpen(f),
    message: stripControl(f.message),
    metadata: {
      version: OCSF_VERSION,
      // Security Hub identifies an OCSF finding by metadata.product.uid, finding_info.uid and
      // cloud.account.uid (API_OcsfFindingIdentifier), so the product needs a stable uid.
      product: { name: 'privapi', vendor_name: 'privapi', version: PRIVAPI_VERSION, uid: 'privapi' },
      profiles: ['cloud'],
    },
    finding_info: {
      uid: oneLine(f.id),
      title: oneLine(f.title),
      desc: stripControl(f.message),
      types: [oneLine(f.checkId), ...asffTypes(f.checkId)],
      created_time: epochMs(f.firstObservedAt),
      first_seen_time: epochMs(f.firstObservedAt),
      last_seen_time: epochMs(f.lastObservedAt),
      modified_time: epochMs(f.updatedAt),
    },
    cloud: { provider: 'AWS', region, cloud_partition: ctx.partition, account: { uid: oneLine(f.accountId), ...AWS_ACCOUNT } },
    resources: ocsfResources(f, region, ctx.partition),
    remediation: { desc: stripControl(f.remediation.text), ...(url ? { references: [url] } : {}) },
    unmapped: unmapped(f),
  };
}

function ocsfResources(f: Finding, region: string, partition: Partition): OcsfResource[] {
  const unique = [...new Map([f.resource, ...f.related].map((r) => [r.arn, r])).values()];
  return unique.map((ref: ResourceRef) => {
    const arn = parseArn(ref.arn);
    // API Gateway and Route 53 ARNs carry no account: only the primary resource's owner is known
    // then (the finding's account); a related resource may sit in another account.
    const owner = arn?.accountId || (ref.arn === f.resource.arn ? f.accountId : '');
    return {
      uid: oneLine(ref.arn),
      type: oneLine(asffResourceType(ref)),
      region: oneLine(arn?.region || region),
      cloud_partition: partitionOfArn(ref.arn) ?? partition,
      ...(owner ? { owner: { account: { uid: oneLine(owner), ...AWS_ACCOUNT } } } : {}),
    };
  });
}

/** privapi's own fields, which OCSF has no attribute for. */
function unmapped(f: Finding): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    check_id: f.checkId,
    lifecycle: f.lifecycle,
    resolution: f.state === 'RESOLVED' ? f.resolution ?? 'PASSED' : undefined,
    message_id: f.messageId,
    run_id: f.runId,
    mute_entry: f.muted?.entry,
    mute_owner: f.muted?.owner,
    mute_reason: f.muted?.reason,
    mute_expires: f.muted?.expires,
  };
  return Object.fromEntries(
    Object.entries(fields)
      .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
      .map(([k, v]) => [k, stripControl(v)]),
  );
}

export function renderOcsf(report: Report): string {
  const ctx: OcsfContext = { partition: report.partition, homeRegion: report.homeRegion };
  const events = [...report.findings].sort(compareFindings).map((f) => toOcsf(f, ctx));
  // Escaped so the file stays inert if a browser sniffs it as HTML or someone inlines it in a
  // page; JSON parsers read the escapes back as the same characters.
  return JSON.stringify(events, null, 2).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/**
 * Required attributes of the class and of each object emitted, from the OCSF 1.6.0 schema (see the
 * URLs at the top). `path` is where the object sits ('' for the event, [] for each array element);
 * a rule applies when that object is present, except the event's, which always applies.
 * `atLeastOne` is the schema's "at least one of" constraint.
 */
export interface OcsfRequirement {
  path: string;
  required: readonly string[];
  atLeastOne?: readonly string[];
}

export const OCSF_REQUIRED: readonly OcsfRequirement[] = [
  // base_event: activity_id, category_uid, class_uid, metadata, severity_id, time, type_uid;
  // finding: finding_info; the cloud profile, which metadata.profiles declares: cloud.
  { path: '', required: ['activity_id', 'category_uid', 'class_uid', 'type_uid', 'time', 'severity_id', 'metadata', 'finding_info', 'cloud'] },
  { path: 'metadata', required: ['product', 'version'] },
  { path: 'metadata.product', required: [], atLeastOne: ['name', 'uid'] },
  { path: 'finding_info', required: ['uid'] },
  { path: 'cloud', required: ['provider'] },
  { path: 'cloud.account', required: [], atLeastOne: ['name', 'uid'] },
  { path: 'remediation', required: ['desc'] },
  { path: 'resources[].owner.account', required: [], atLeastOne: ['name', 'uid'] },
];

const SEVERITY_ID_VALUES: ReadonlySet<unknown> = new Set([0, 1, 2, 3, 4, 5, 6, 99]);
const STATUS_ID_VALUES: ReadonlySet<unknown> = new Set([0, 1, 2, 3, 4, 5, 6, 99]);
const ACTIVITY_ID_VALUES: ReadonlySet<unknown> = new Set([0, 1, 2, 3, 99]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isMissing = (v: unknown): boolean => v === undefined || v === null || v === '';

/** Every object at `path` in `event`, with its concrete path (array elements get their index). */
function objectsAt(event: Record<string, unknown>, path: string): Array<{ at: string; value: Record<string, unknown> }> {
  let found: Array<{ at: string; value: unknown }> = [{ at: '', value: event }];
  for (const segment of path === '' ? [] : path.split('.')) {
    const array = segment.endsWith('[]');
    const key = array ? segment.slice(0, -2) : segment;
    found = found.flatMap(({ at, value }) => {
      if (!isRecord(value) || value[key] === undefined) return [];
      const name = at === '' ? key : `${at}.${key}`;
      const child = value[key];
      if (!array) return [{ at: name, value: child }];
      return Array.isArray(child) ? child.map((item, i) => ({ at: `${name}[${i}]`, value: item })) : [];
    });
  }
  return found.filter((o): o is { at: string; value: Record<string, unknown> } => isRecord(o.value));
}

/** Each required attribute missing from the event, by path, and the class's fixed values it breaks; empty when valid. */
export function ocsfProblems(event: unknown): string[] {
  if (!isRecord(event)) return ['event is not an object'];
  const problems: string[] = [];
  for (const rule of OCSF_REQUIRED) {
    for (const { at, value } of objectsAt(event, rule.path)) {
      const prefix = at === '' ? '' : `${at}.`;
      for (const name of rule.required) if (isMissing(value[name])) problems.push(`${prefix}${name} is required`);
      if (rule.atLeastOne && rule.atLeastOne.every((name) => isMissing(value[name]))) {
        problems.push(`${at} needs at least one of ${rule.atLeastOne.map((name) => `${prefix}${name}`).join(', ')}`);
      }
    }
  }
  const { class_uid, category_uid, activity_id, type_uid, time, severity_id, status_id } = event;
  if (class_uid !== undefined && class_uid !== CLASS_UID) problems.push(`class_uid must be ${CLASS_UID} (Detection Finding)`);
  if (category_uid !== undefined && category_uid !== CATEGORY_UID) problems.push(`category_uid must be ${CATEGORY_UID} (Findings)`);
  if (activity_id !== undefined && !ACTIVITY_ID_VALUES.has(activity_id)) problems.push(`activity_id ${String(activity_id)} is not a finding activity`);
  if (typeof activity_id === 'number' && type_uid !== undefined && type_uid !== CLASS_UID * 100 + activity_id) {
    problems.push(`type_uid must be class_uid * 100 + activity_id (${CLASS_UID * 100 + activity_id})`);
  }
  if (time !== undefined && !Number.isInteger(time)) problems.push('time must be an integer timestamp (epoch milliseconds)');
  if (severity_id !== undefined && !SEVERITY_ID_VALUES.has(severity_id)) problems.push(`severity_id ${String(severity_id)} is not defined`);
  if (status_id !== undefined && !STATUS_ID_VALUES.has(status_id)) problems.push(`status_id ${String(status_id)} is not defined`);
  return problems;
}
