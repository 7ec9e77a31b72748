import type { AwsSecurityFinding, Resource } from '@aws-sdk/client-securityhub';
import { parseArn } from '../model/arn.js';
import type { ResourceRef } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import type { Partition } from '../model/inventory.js';

/**
 * Finding → AWS Security Finding Format, and the checks Security Hub would otherwise make us learn
 * from a FailedFindings entry. Pure: the sink (security-hub.ts) does the sending.
 *
 * Limits come from the SDK's own model docs (node_modules/@aws-sdk/client-securityhub,
 * AwsSecurityFinding), which repeat the API reference:
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html
 */

export interface AsffContext {
  partition: Partition;
  runId: string;
  version: string;
  /** ISO timestamp of this export; becomes UpdatedAt. */
  now: string;
  /** Where findings whose region is 'global' (Route 53) are imported. */
  homeRegion: string;
}

export const ASFF_SCHEMA_VERSION = '2018-10-08';

// Length limits ("Length Constraints") from the AwsSecurityFinding, Recommendation and Resource
// model docs: https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html
export const ASFF_LIMITS = {
  id: 512,
  generatorId: 512,
  productArnMin: 12,
  productArn: 2048,
  title: 256,
  description: 1024,
  /** https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Recommendation.html */
  recommendationText: 512,
  types: 50,
  /** https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resources.html: "an array of up to 32 resource objects". */
  resources: 32,
  resourceType: 256,
  region: 16,
  productFields: 50,
  productFieldKey: 128,
  productFieldValue: 2048,
  /**
   * "up to 240 KB per finding, and up to 6 MB per batch":
   * https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html
   * The docs do not say whether a KB is 1000 or 1024 bytes; the smaller reading never sends a
   * finding Security Hub rejects.
   */
  findingBytes: 240_000,
} as const;

/**
 * The Resource.Type values privapi produces. Interface VPC endpoints have no ASFF type: the EC2
 * objects ASFF defines (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resourcedetails-awsec2.html)
 * include AwsEc2VpcEndpointService, which describes an endpoint *service*, and nothing for the
 * endpoint itself, so endpoints are 'Other'.
 */
export const ASFF_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'AwsApiGatewayRestApi', 'AwsApiGatewayStage', 'AwsApiGatewayV2Api', 'AwsApiGatewayV2Stage',
  'AwsEc2Vpc', 'AwsEc2Subnet', 'AwsEc2SecurityGroup', 'AwsEc2NetworkInterface', 'AwsEc2Instance',
  'AwsEc2RouteTable', 'AwsEc2NetworkAcl', 'AwsEc2TransitGateway', 'AwsEc2VpcPeeringConnection', 'AwsEc2Eip',
  'AwsEc2VpcEndpointService', 'AwsElbv2LoadBalancer', 'AwsElbLoadBalancer', 'AwsRoute53HostedZone',
  'AwsCertificateManagerCertificate', 'AwsLambdaFunction', 'AwsWafv2WebAcl', 'Other',
]);

/** Declared types that are not ASFF types, and what they stand for when the ARN cannot tell. */
export const RESOURCE_TYPE_ALIASES: Readonly<Record<string, string>> = {
  AwsEc2VpcEndpoint: 'Other',
};

/** ASFF type by ARN service and the resource's kind (first path segment). */
const BY_ARN: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ec2: {
    vpc: 'AwsEc2Vpc',
    subnet: 'AwsEc2Subnet',
    'security-group': 'AwsEc2SecurityGroup',
    'network-interface': 'AwsEc2NetworkInterface',
    instance: 'AwsEc2Instance',
    'route-table': 'AwsEc2RouteTable',
    'network-acl': 'AwsEc2NetworkAcl',
    'transit-gateway': 'AwsEc2TransitGateway',
    'vpc-peering-connection': 'AwsEc2VpcPeeringConnection',
    'elastic-ip': 'AwsEc2Eip',
    'vpc-endpoint': 'Other',
    'vpc-endpoint-service': 'AwsEc2VpcEndpointService',
  },
  route53: { hostedzone: 'AwsRoute53HostedZone' },
  acm: { certificate: 'AwsCertificateManagerCertificate' },
  lambda: { function: 'AwsLambdaFunction' },
};

/**
 * The ASFF type of a resource, derived from its ARN because checks declare types inconsistently
 * (AwsEc2VpcEndpoint is no ASFF type; some call an endpoint AwsEc2VpcEndpointService). The declared
 * type is used only when the ARN does not tell, and 'Other' stands for anything ASFF does not define.
 */
export function asffResourceType(ref: ResourceRef): string {
  const arn = parseArn(ref.arn);
  if (!arn) return declaredType(ref.type);
  const path = arn.resource.replace(/^\//, '').split(/[/:]/);
  const kind = path[0] ?? '';
  switch (arn.service) {
    case 'apigateway':
      if (kind === 'restapis') return path[2] === 'stages' && path.length === 4 ? 'AwsApiGatewayStage' : path.length === 2 ? 'AwsApiGatewayRestApi' : 'Other';
      if (kind === 'apis') return path[2] === 'stages' && path.length === 4 ? 'AwsApiGatewayV2Stage' : path.length === 2 ? 'AwsApiGatewayV2Api' : 'Other';
      return 'Other';
    case 'elasticloadbalancing':
      // ELBv2 ARNs carry net/, app/ or gwy/ after loadbalancer/; Classic Load Balancers only a name.
      if (kind !== 'loadbalancer') return 'Other';
      return path.length === 4 && ['net', 'app', 'gwy'].includes(path[1] ?? '') ? 'AwsElbv2LoadBalancer' : 'AwsElbLoadBalancer';
    case 'wafv2':
      return path[1] === 'webacl' ? 'AwsWafv2WebAcl' : 'Other';
    case 'route53resolver':
      return 'Other';
    default: {
      const kinds = BY_ARN[arn.service];
      // A service privapi knows but a kind ASFF does not define (a health check, a target group) is
      // Other; for a service privapi does not know, the check's declaration is all there is.
      return kinds ? kinds[kind] ?? 'Other' : declaredType(ref.type);
    }
  }
}

function declaredType(type: string): string {
  if (ASFF_RESOURCE_TYPES.has(type)) return type;
  return RESOURCE_TYPE_ALIASES[type] ?? 'Other';
}

/**
 * Finding types (namespace/category), from the ASFF types taxonomy:
 * https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-type-taxonomy.html
 * Every privapi finding is a configuration check; policy checks (who can invoke the API) also
 * describe a possible data exposure.
 */
const BASE_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';
const TYPES_BY_CHECK_PREFIX: ReadonlyArray<readonly [prefix: string, types: readonly string[]]> = [
  ['POLICY-', ['Effects/Data Exposure']],
];

export function asffTypes(checkId: string): string[] {
  return [BASE_TYPE, ...TYPES_BY_CHECK_PREFIX.filter(([prefix]) => checkId.startsWith(prefix)).flatMap(([, types]) => types)];
}

/** The region a finding is imported into: its own, or the home region for global (Route 53) findings. */
export function importRegionOf(f: Pick<Finding, 'region'>, ctx: Pick<AsffContext, 'homeRegion'>): string {
  return f.region === 'global' ? ctx.homeRegion : f.region;
}

/** The owning account's default product: findings imported under it must come from that account. */
export function productArn(partition: Partition, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/** Resource.Partition accepts only these of privapi's partitions (SDK enum Partition). */
const ASFF_PARTITIONS: ReadonlySet<string> = new Set(['aws', 'aws-cn', 'aws-us-gov']);

export function toAsff(f: Finding, ctx: AsffContext): AwsSecurityFinding {
  const region = importRegionOf(f, ctx);
  const { resources, omitted } = asffResources(f, region);
  const resolved = f.state === 'RESOLVED';
  const types = asffTypes(f.checkId);
  const severity = { Label: f.severity, Original: f.severity };
  const omittedNote = omitted > 0 ? ` (${omitted} more related resource${omitted === 1 ? '' : 's'} not listed: ASFF allows ${ASFF_LIMITS.resources}.)` : '';
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: f.id,
    ProductArn: productArn(ctx.partition, region, f.accountId),
    GeneratorId: f.checkId,
    AwsAccountId: f.accountId,
    Types: types,
    CreatedAt: f.firstObservedAt,
    FirstObservedAt: f.firstObservedAt,
    LastObservedAt: f.lastObservedAt,
    UpdatedAt: ctx.now,
    Severity: severity,
    // BatchImportFindings updates of Severity and Types are taken from FindingProviderFields only.
    FindingProviderFields: { Severity: severity, Types: types },
    Title: truncate(f.title, ASFF_LIMITS.title),
    Description: truncate(f.message, ASFF_LIMITS.description - omittedNote.length) + omittedNote,
    Remediation: { Recommendation: { Text: truncate(f.remediation.text, ASFF_LIMITS.recommendationText), Url: f.remediation.url } },
    Resources: resources,
    Compliance: { Status: resolved ? 'PASSED' : 'FAILED' },
    RecordState: resolved ? 'ARCHIVED' : 'ACTIVE',
    // Security Hub applies Workflow from BatchImportFindings only when it creates the finding
    // (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html), so
    // the mute itself travels in ProductFields, which every import updates.
    Workflow: { Status: resolved ? 'RESOLVED' : f.muted ? 'SUPPRESSED' : 'NEW' },
    ProductFields: productFields(f, ctx, omitted),
  };
}

function asffResources(f: Finding, region: string): { resources: Resource[]; omitted: number } {
  const unique = [...new Map([f.resource, ...f.related].map((r) => [r.arn, r])).values()];
  const kept = unique.slice(0, ASFF_LIMITS.resources);
  const resources = kept.map((ref): Resource => {
    const arn = parseArn(ref.arn);
    const partition = arn?.partition;
    return {
      Type: asffResourceType(ref),
      Id: ref.arn,
      // Route 53 ARNs carry no region; such resources are reported where the finding is imported.
      Region: arn?.region || region,
      ...(partition !== undefined && ASFF_PARTITIONS.has(partition) ? { Partition: partition as Resource['Partition'] } : {}),
    };
  });
  return { resources, omitted: unique.length - kept.length };
}

function productFields(f: Finding, ctx: AsffContext, omittedResources: number): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    'privapi/CheckId': f.checkId,
    'privapi/Version': ctx.version,
    'privapi/RunId': ctx.runId,
    'privapi/Lifecycle': f.lifecycle,
    'privapi/Resolution': f.state === 'RESOLVED' ? f.resolution ?? 'PASSED' : undefined,
    'privapi/MessageId': f.messageId,
    'privapi/Muted': f.muted ? 'true' : undefined,
    'privapi/MuteReason': f.muted?.reason,
    'privapi/MuteOwner': f.muted?.owner,
    'privapi/MuteExpires': f.muted?.expires,
    'privapi/MuteEntry': f.muted?.entry,
    'privapi/ResourcesOmitted': omittedResources > 0 ? String(omittedResources) : undefined,
  };
  return Object.fromEntries(
    Object.entries(fields)
      .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
      .map(([k, v]) => [k, truncate(v, ASFF_LIMITS.productFieldValue)]),
  );
}

const ELLIPSIS = '…';

/** Cuts at a code point boundary and marks the cut, so an over-long text is shortened, not rejected. */
export function truncate(text: string, max: number): string {
  const points = [...text];
  if (points.length <= max) return text;
  return points.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

// Timestamp formats Security Hub accepts (RFC 3339 with at most 9 fraction digits):
// https://docs.aws.amazon.com/securityhub/1.0/APIReference/Welcome.html#timestamps
const TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-]\d\d(:?\d\d)?)$/;
// https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-type-taxonomy.html
const TYPE_NAMESPACES: ReadonlySet<string> = new Set(['Software and Configuration Checks', 'TTPs', 'Effects', 'Unusual Behaviors', 'Sensitive Data Identifications']);
const SEVERITY_LABELS: ReadonlySet<string> = new Set(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
const PRODUCT_ARN = /^arn:[a-z-]+:securityhub:[a-z0-9-]+:(\d{12}):product\/(\d{12})\/default$/;

/** Everything Security Hub would reject in this finding, in words; empty when it can be sent. */
export function asffProblems(finding: AwsSecurityFinding): string[] {
  const problems: string[] = [];
  const length = (name: string, value: string | undefined, min: number, max: number) => {
    if (value === undefined || value === '') {
      if (min > 0) problems.push(`${name} is required`);
      return;
    }
    const n = [...value].length;
    if (n < min || n > max) problems.push(`${name} has ${n} characters (allowed ${min}–${max})`);
  };
  const timestamp = (name: string, value: string | undefined, required: boolean) => {
    if (value === undefined) {
      if (required) problems.push(`${name} is required`);
    } else if (!TIMESTAMP.test(value)) {
      problems.push(`${name} "${value}" is not an ISO 8601 timestamp Security Hub accepts`);
    }
  };

  if (finding.SchemaVersion !== ASFF_SCHEMA_VERSION) problems.push(`SchemaVersion must be ${ASFF_SCHEMA_VERSION}`);
  length('Id', finding.Id, 1, ASFF_LIMITS.id);
  length('GeneratorId', finding.GeneratorId, 1, ASFF_LIMITS.generatorId);
  length('ProductArn', finding.ProductArn, ASFF_LIMITS.productArnMin, ASFF_LIMITS.productArn);
  length('Title', finding.Title, 1, ASFF_LIMITS.title);
  length('Description', finding.Description, 1, ASFF_LIMITS.description);
  length('Remediation.Recommendation.Text', finding.Remediation?.Recommendation?.Text, 0, ASFF_LIMITS.recommendationText);

  if (finding.AwsAccountId === undefined || !/^\d{12}$/.test(finding.AwsAccountId)) problems.push('AwsAccountId must be a 12-digit account id');
  if (finding.ProductArn !== undefined) {
    const m = PRODUCT_ARN.exec(finding.ProductArn);
    if (!m) problems.push(`ProductArn "${finding.ProductArn}" is not an account's default product ARN`);
    else if (m[1] !== finding.AwsAccountId || m[2] !== finding.AwsAccountId) problems.push('ProductArn names another account than AwsAccountId');
  }
  const url = finding.Remediation?.Recommendation?.Url;
  if (url !== undefined && !URL.canParse(url)) problems.push(`Remediation.Recommendation.Url "${url}" is not a URL`);

  timestamp('CreatedAt', finding.CreatedAt, true);
  timestamp('UpdatedAt', finding.UpdatedAt, true);
  timestamp('FirstObservedAt', finding.FirstObservedAt, false);
  timestamp('LastObservedAt', finding.LastObservedAt, false);

  if (!finding.Severity?.Label || !SEVERITY_LABELS.has(finding.Severity.Label)) problems.push('Severity.Label must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL');

  const types = finding.Types ?? [];
  if (types.length === 0) problems.push('Types is required');
  if (types.length > ASFF_LIMITS.types) problems.push(`Types has ${types.length} entries (at most ${ASFF_LIMITS.types})`);
  for (const type of types) {
    const parts = type.split('/');
    if (parts.length > 3 || parts.some((p) => p.trim() === '') || !TYPE_NAMESPACES.has(parts[0] ?? '')) {
      problems.push(`Type "${type}" is not namespace/category/classifier with a known namespace`);
    }
  }

  const resources = finding.Resources ?? [];
  if (resources.length === 0) problems.push('Resources needs at least one resource');
  if (resources.length > ASFF_LIMITS.resources) problems.push(`Resources has ${resources.length} entries (at most ${ASFF_LIMITS.resources})`);
  resources.forEach((r, i) => {
    length(`Resources[${i}].Type`, r.Type, 1, ASFF_LIMITS.resourceType);
    length(`Resources[${i}].Id`, r.Id, 1, Number.POSITIVE_INFINITY);
    length(`Resources[${i}].Region`, r.Region, 0, ASFF_LIMITS.region);
  });

  const fields = Object.entries(finding.ProductFields ?? {});
  if (fields.length > ASFF_LIMITS.productFields) problems.push(`ProductFields has ${fields.length} entries (at most ${ASFF_LIMITS.productFields})`);
  for (const [key, value] of fields) {
    length(`ProductFields key "${key.slice(0, 40)}"`, key, 1, ASFF_LIMITS.productFieldKey);
    length(`ProductFields["${key.slice(0, 40)}"]`, value, 0, ASFF_LIMITS.productFieldValue);
  }

  const bytes = asffSize(finding);
  if (bytes > ASFF_LIMITS.findingBytes) problems.push(`finding is ${bytes} bytes serialized (at most ${ASFF_LIMITS.findingBytes})`);
  return problems;
}

/** Serialized size in bytes, as it travels in the request body. */
export function asffSize(finding: AwsSecurityFinding): number {
  return Buffer.byteLength(JSON.stringify(finding), 'utf8');
}
