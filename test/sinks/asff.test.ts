import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import type { Partition } from '../../src/model/inventory.js';
import {
  ASFF_LIMITS,
  ASFF_RESOURCE_TYPES,
  RESOURCE_TYPE_ALIASES,
  asffProblems,
  asffResourceType,
  toAsff,
  truncate,
  type AsffContext,
} from '../../src/sinks/asff.js';
import { T_FIRST, T_LAST, makeFinding } from '../helpers/findings.js';

const NOW = '2026-03-08T00:05:00.000Z';
const CTX: AsffContext = { partition: 'aws', runId: 'run-7', version: '0.1.0', now: NOW, homeRegion: 'eu-west-1' };
const ACCOUNT = '111111111111';

function valid(): AwsSecurityFinding {
  return toAsff(makeFinding(), CTX);
}

describe('toAsff', () => {
  it('maps an ACTIVE finding', () => {
    // GIVEN a new failing finding / WHEN mapped / THEN every required field is filled from it
    const f = makeFinding();
    const asff = toAsff(f, CTX);
    expect(asff).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: f.id,
      ProductArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`,
      GeneratorId: 'POLICY-002',
      AwsAccountId: ACCOUNT,
      Types: ['Software and Configuration Checks/AWS Security Best Practices', 'Effects/Data Exposure'],
      CreatedAt: T_FIRST,
      FirstObservedAt: T_FIRST,
      LastObservedAt: T_LAST,
      UpdatedAt: NOW,
      Severity: { Label: 'HIGH' },
      FindingProviderFields: { Severity: { Label: 'HIGH' }, Types: asff.Types },
      Title: f.title,
      Description: f.message,
      Remediation: { Recommendation: { Text: f.remediation.text, Url: f.remediation.url } },
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      ProductFields: { 'privapi/CheckId': 'POLICY-002', 'privapi/Version': '0.1.0', 'privapi/RunId': 'run-7', 'privapi/Lifecycle': 'NEW', 'privapi/MessageId': 'anyVpce' },
    });
    expect(asff.Resources).toEqual([
      { Type: 'AwsApiGatewayRestApi', Id: f.resource.arn, Region: 'us-east-1', Partition: 'aws' },
      { Type: 'Other', Id: `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-endpoint/vpce-0abc`, Region: 'us-east-1', Partition: 'aws' },
    ]);
    expect(asff.ProductFields).not.toHaveProperty('privapi/Resolution');
    expect(asffProblems(asff)).toEqual([]);
  });

  it('maps a muted finding to SUPPRESSED and carries the mute in ProductFields', () => {
    const asff = toAsff(makeFinding({ lifecycle: 'STILL_FAILING', muted: { entry: 'privapi.config.yaml mutelist[2]', reason: 'accepted for the migration', owner: 'team-net', expires: '2026-06-30' } }), CTX);
    expect(asff.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(asff.RecordState).toBe('ACTIVE');
    expect(asff.Compliance).toEqual({ Status: 'FAILED' });
    expect(asff.ProductFields).toMatchObject({
      'privapi/Lifecycle': 'STILL_FAILING',
      'privapi/Muted': 'true',
      'privapi/MuteReason': 'accepted for the migration',
      'privapi/MuteOwner': 'team-net',
      'privapi/MuteExpires': '2026-06-30',
      'privapi/MuteEntry': 'privapi.config.yaml mutelist[2]',
    });
    expect(asff).not.toHaveProperty('Note');
  });

  it.each(['PASSED', 'RESOURCE_GONE'] as const)('archives a RESOLVED finding (resolution %s) as PASSED', (resolution) => {
    const asff = toAsff(makeFinding({ state: 'RESOLVED', lifecycle: 'RESOLVED', resolution, resolvedAt: T_LAST }), CTX);
    expect(asff).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED', Workflow: { Status: 'RESOLVED' } });
    expect(asff.ProductFields?.['privapi/Resolution']).toBe(resolution);
    expect(asffProblems(asff)).toEqual([]);
  });

  it.each<{ partition: Partition; region: string }>([
    { partition: 'aws', region: 'us-east-1' },
    { partition: 'aws-us-gov', region: 'us-gov-west-1' },
    { partition: 'aws-cn', region: 'cn-north-1' },
  ])('builds the default product ARN in $partition', ({ partition, region }) => {
    const f = makeFinding({ region, resource: { arn: `arn:${partition}:apigateway:${region}::/restapis/x1`, type: 'AwsApiGatewayRestApi' } });
    const asff = toAsff(f, { ...CTX, partition });
    expect(asff.ProductArn).toBe(`arn:${partition}:securityhub:${region}:${ACCOUNT}:product/${ACCOUNT}/default`);
    expect(asff.Resources?.[0]).toMatchObject({ Partition: partition, Region: region });
    expect(asffProblems(asff)).toEqual([]);
  });

  it('leaves Resource.Partition out where ASFF has no value for the partition', () => {
    const f = makeFinding({ region: 'us-iso-east-1', resource: { arn: 'arn:aws-iso:apigateway:us-iso-east-1::/restapis/x1', type: 'AwsApiGatewayRestApi' } });
    expect(toAsff(f, { ...CTX, partition: 'aws-iso' }).Resources?.[0]).not.toHaveProperty('Partition');
  });

  it('imports a global (Route 53) finding into the home region', () => {
    // GIVEN a finding about a hosted zone, whose ARN carries no region
    const f = makeFinding({ region: 'global', checkId: 'R53-006', resource: { arn: 'arn:aws:route53:::hostedzone/Z0123', type: 'AwsRoute53HostedZone' }, related: [] });
    const asff = toAsff(f, CTX);
    // THEN the product ARN and the resource's Region are the home region's
    expect(asff.ProductArn).toBe(`arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`);
    expect(asff.Resources).toEqual([{ Type: 'AwsRoute53HostedZone', Id: 'arn:aws:route53:::hostedzone/Z0123', Region: 'eu-west-1', Partition: 'aws' }]);
    expect(asff.Types).toEqual(['Software and Configuration Checks/AWS Security Best Practices']);
  });

  it('keeps 32 of 40 resources, primary first, and says how many were left out', () => {
    const related = Array.from({ length: 40 }, (_, i) => ({ arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-${String(i).padStart(4, '0')}`, type: 'AwsEc2SecurityGroup' }));
    const f = makeFinding({ related: [...related, related[0]!] });
    const asff = toAsff(f, CTX);
    expect(asff.Resources).toHaveLength(32);
    expect(asff.Resources?.[0]?.Id).toBe(f.resource.arn);
    expect(asff.Description).toBe(`${f.message} (9 more related resources not listed: ASFF allows 32.)`);
    expect(asff.ProductFields?.['privapi/ResourcesOmitted']).toBe('9');
    expect(asffProblems(asff)).toEqual([]);
  });

  it('truncates over-long text with an ellipsis instead of failing', () => {
    const f = makeFinding({ title: 'T'.repeat(300), message: 'D'.repeat(2000), remediation: { text: 'R'.repeat(600), url: 'https://example.com/r' } });
    const asff = toAsff(f, CTX);
    expect(asff.Title).toHaveLength(256);
    expect(asff.Title?.endsWith('…')).toBe(true);
    expect(asff.Description).toHaveLength(1024);
    expect(asff.Remediation?.Recommendation?.Text).toHaveLength(512);
    expect(asffProblems(asff)).toEqual([]);
  });

  it('keeps the omitted-resources note whole when the message is truncated', () => {
    const related = Array.from({ length: 35 }, (_, i) => ({ arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-${i}`, type: 'AwsEc2Subnet' }));
    const asff = toAsff(makeFinding({ message: 'M'.repeat(2000), related }), CTX);
    expect([...(asff.Description ?? '')]).toHaveLength(1024);
    expect(asff.Description).toMatch(/… \(4 more related resources not listed: ASFF allows 32\.\)$/);
  });

  it('truncates at a code point, never inside a surrogate pair', () => {
    expect(truncate('ab😀😀', 3)).toBe('ab…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});

describe('asffResourceType', () => {
  const p = 'arn:aws';
  it.each<[arn: string, declared: string, expected: string]>([
    [`${p}:apigateway:us-east-1::/restapis/a1`, 'Other', 'AwsApiGatewayRestApi'],
    [`${p}:apigateway:us-east-1::/restapis/a1/stages/prod`, 'AwsApiGatewayRestApi', 'AwsApiGatewayStage'],
    [`${p}:apigateway:us-east-1::/apis/h1`, 'Other', 'AwsApiGatewayV2Api'],
    [`${p}:apigateway:us-east-1::/apis/h1/stages/$default`, 'Other', 'AwsApiGatewayV2Stage'],
    [`${p}:apigateway:us-east-1::/vpclinks/v1`, 'AwsApiGatewayRestApi', 'Other'],
    [`${p}:apigateway:us-east-1::/domainnames/api.example.com`, 'Other', 'Other'],
    [`${p}:ec2:us-east-1:${ACCOUNT}:vpc/vpc-1`, 'Other', 'AwsEc2Vpc'],
    [`${p}:ec2:us-east-1:${ACCOUNT}:security-group/sg-1`, 'Other', 'AwsEc2SecurityGroup'],
    [`${p}:ec2:us-east-1:${ACCOUNT}:subnet/subnet-1`, 'Other', 'AwsEc2Subnet'],
    [`${p}:ec2:us-east-1:${ACCOUNT}:network-interface/eni-1`, 'Other', 'AwsEc2NetworkInterface'],
    [`${p}:ec2:us-east-1:${ACCOUNT}:vpc-endpoint/vpce-1`, 'AwsEc2VpcEndpoint', 'Other'],
    [`${p}:ec2:us-east-1:${ACCOUNT}:vpc-endpoint/vpce-1`, 'AwsEc2VpcEndpointService', 'Other'],
    [`${p}:ec2:us-east-1:${ACCOUNT}:vpc-endpoint-service/vpce-svc-1`, 'Other', 'AwsEc2VpcEndpointService'],
    [`${p}:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/nlb/50dc6c495c0c9188`, 'Other', 'AwsElbv2LoadBalancer'],
    [`${p}:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/alb/50dc6c495c0c9188`, 'Other', 'AwsElbv2LoadBalancer'],
    [`${p}:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/classic-lb`, 'AwsElbv2LoadBalancer', 'AwsElbLoadBalancer'],
    [`${p}:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/tg/73e2d6bc24d8a067`, 'AwsElbv2LoadBalancer', 'Other'],
    [`${p}:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/net/nlb/50dc6c495c0c9188/f2f7dc8efc522ab2`, 'Other', 'Other'],
    [`${p}:route53:::hostedzone/Z1`, 'Other', 'AwsRoute53HostedZone'],
    [`${p}:route53:::healthcheck/hc-1`, 'AwsRoute53HostedZone', 'Other'],
    [`${p}:route53resolver:us-east-1:${ACCOUNT}:resolver-rule/rslvr-rr-1`, 'Other', 'Other'],
    [`${p}:acm:us-east-1:${ACCOUNT}:certificate/0000`, 'Other', 'AwsCertificateManagerCertificate'],
    [`${p}:lambda:us-east-1:${ACCOUNT}:function:authorizer`, 'Other', 'AwsLambdaFunction'],
    [`${p}:wafv2:us-east-1:${ACCOUNT}:regional/webacl/acl/1`, 'Other', 'AwsWafv2WebAcl'],
    // A service privapi does not map: the declaration stands if it is an ASFF type.
    [`${p}:execute-api:us-east-1:${ACCOUNT}:a1`, 'AwsApiGatewayRestApi', 'AwsApiGatewayRestApi'],
    [`${p}:execute-api:us-east-1:${ACCOUNT}:a1`, 'AwsEc2VpcEndpoint', 'Other'],
    ['not-an-arn', 'AwsEc2Vpc', 'AwsEc2Vpc'],
    ['not-an-arn', 'AwsEc2VpcEndpoint', 'Other'],
    ['not-an-arn', 'SomethingElse', 'Other'],
  ])('%s declared %s → %s', (arn, declared, expected) => {
    expect(asffResourceType({ arn, type: declared })).toBe(expected);
    expect(ASFF_RESOURCE_TYPES.has(expected)).toBe(true);
  });

  it.each(checks.map((c) => [c.id, c.resourceType] as const))('%s declares a type (%s) that is an ASFF type or a known alias', (_id, type) => {
    expect(ASFF_RESOURCE_TYPES.has(type) || type in RESOURCE_TYPE_ALIASES).toBe(true);
    expect(ASFF_RESOURCE_TYPES.has(asffResourceType({ arn: '', type }))).toBe(true);
  });
});

describe('asffProblems', () => {
  it('accepts a mapped finding', () => {
    expect(asffProblems(valid())).toEqual([]);
  });

  const cases: Array<[rule: string, change: (f: AwsSecurityFinding) => AwsSecurityFinding, problem: RegExp]> = [
    ['SchemaVersion', (f) => ({ ...f, SchemaVersion: '2020-01-01' }), /SchemaVersion must be 2018-10-08/],
    ['Id required', (f) => ({ ...f, Id: '' }), /^Id is required/],
    ['Id length', (f) => ({ ...f, Id: 'i'.repeat(ASFF_LIMITS.id + 1) }), /^Id has 513 characters/],
    ['GeneratorId required', (f) => ({ ...f, GeneratorId: undefined }), /^GeneratorId is required/],
    ['GeneratorId length', (f) => ({ ...f, GeneratorId: 'g'.repeat(513) }), /^GeneratorId has 513/],
    ['ProductArn required', (f) => ({ ...f, ProductArn: undefined }), /^ProductArn is required/],
    ['ProductArn format', (f) => ({ ...f, ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty' }), /not an account's default product ARN/],
    ['ProductArn account', (f) => ({ ...f, ProductArn: 'arn:aws:securityhub:us-east-1:222222222222:product/222222222222/default' }), /another account than AwsAccountId/],
    ['AwsAccountId', (f) => ({ ...f, AwsAccountId: '1234' }), /AwsAccountId must be a 12-digit/],
    ['Title required', (f) => ({ ...f, Title: '' }), /^Title is required/],
    ['Title length', (f) => ({ ...f, Title: 't'.repeat(257) }), /^Title has 257 characters \(allowed 1–256\)/],
    ['Description required', (f) => ({ ...f, Description: undefined }), /^Description is required/],
    ['Description length', (f) => ({ ...f, Description: 'd'.repeat(1025) }), /^Description has 1025/],
    ['Recommendation text', (f) => ({ ...f, Remediation: { Recommendation: { Text: 'r'.repeat(513), Url: 'https://x.example' } } }), /Recommendation.Text has 513/],
    ['Recommendation url', (f) => ({ ...f, Remediation: { Recommendation: { Text: 'r', Url: 'not a url' } } }), /Url "not a url" is not a URL/],
    ['CreatedAt required', (f) => ({ ...f, CreatedAt: undefined }), /^CreatedAt is required/],
    ['CreatedAt format', (f) => ({ ...f, CreatedAt: '2026-03-01 00:00:00' }), /CreatedAt .* is not an ISO 8601/],
    ['UpdatedAt format', (f) => ({ ...f, UpdatedAt: '2026-13-01T00:00:00Z' }), /UpdatedAt .* is not an ISO 8601/],
    ['FirstObservedAt format', (f) => ({ ...f, FirstObservedAt: '2026-03-01T00:00:00.1234567891Z' }), /FirstObservedAt/],
    ['LastObservedAt format', (f) => ({ ...f, LastObservedAt: 'yesterday' }), /LastObservedAt/],
    ['Severity', (f) => ({ ...f, Severity: {} }), /Severity.Label must be one of/],
    ['Types required', (f) => ({ ...f, Types: [] }), /^Types is required/],
    ['Types count', (f) => ({ ...f, Types: Array.from({ length: 51 }, () => 'Effects/Data Exposure') }), /Types has 51 entries/],
    ['Types namespace', (f) => ({ ...f, Types: ['Misconfiguration/API'] }), /Type "Misconfiguration\/API" is not/],
    ['Types depth', (f) => ({ ...f, Types: ['Effects/Data Exposure/a/b'] }), /is not namespace\/category\/classifier/],
    ['Types empty part', (f) => ({ ...f, Types: ['Effects//x'] }), /is not namespace/],
    ['Resources required', (f) => ({ ...f, Resources: [] }), /Resources needs at least one/],
    ['Resources count', (f) => ({ ...f, Resources: Array.from({ length: 33 }, (_, i) => ({ Type: 'Other', Id: `r${i}` })) }), /Resources has 33 entries/],
    ['Resource type', (f) => ({ ...f, Resources: [{ Type: '', Id: 'r' }] }), /Resources\[0\].Type is required/],
    ['Resource id', (f) => ({ ...f, Resources: [{ Type: 'Other', Id: '' }] }), /Resources\[0\].Id is required/],
    ['Resource region', (f) => ({ ...f, Resources: [{ Type: 'Other', Id: 'r', Region: 'a-region-name-too-long' }] }), /Resources\[0\].Region has 22/],
    ['ProductFields count', (f) => ({ ...f, ProductFields: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }), /ProductFields has 51 entries/],
    ['ProductFields key', (f) => ({ ...f, ProductFields: { ['k'.repeat(129)]: 'v' } }), /ProductFields key .* has 129/],
    ['ProductFields value', (f) => ({ ...f, ProductFields: { k: 'v'.repeat(2049) } }), /ProductFields\["k"\] has 2049/],
  ];

  it.each(cases)('rejects: %s', (_rule, change, problem) => {
    const problems = asffProblems(change(valid()));
    expect(problems.some((p) => problem.test(p)), problems.join('\n')).toBe(true);
  });

  it.each(['2026-03-01T00:00:00Z', '2026-03-01T00:00:00.123456789Z', '2024-01-04T15:25:10+17:59', '2024-01-04T15:25:10-1759'])('accepts timestamp %s', (ts) => {
    expect(asffProblems({ ...valid(), CreatedAt: ts })).toEqual([]);
  });

  it('rejects a 300 KB finding and accepts one just under the limit', () => {
    // GIVEN 32 resources with long ids, about 300 KB serialized
    const big = (idLength: number): AwsSecurityFinding => ({ ...valid(), Resources: Array.from({ length: 32 }, (_, i) => ({ Type: 'Other', Id: `${i}-${'x'.repeat(idLength)}` })) });
    const problems = asffProblems(big(9_400));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^finding is 3\d{5} bytes serialized \(at most 240000\)$/);
    expect(asffProblems(big(7_000))).toEqual([]);
  });
});
