import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { OCSF_REQUIRED, OCSF_VERSION, ocsfProblems, renderOcsf, toOcsf, type OcsfDetectionFinding } from '../../src/report/ocsf.js';
import { PRIVAPI_VERSION } from '../../src/version.js';
import { demoReport } from '../helpers/demo-report.js';
import { hasControl, makeFinding, reportOf as reportFor, T_FIRST, T_LAST } from '../helpers/findings.js';

const ctx = { partition: 'aws' as const, homeRegion: 'eu-west-1' };
const MUTE = { entry: 'privapi.config.yaml:14 mutelist[2]', reason: 'accepted until migration', owner: 'platform-team', expires: '2027-01-31' };

const reportOf = (findings: Finding[]) => reportFor(findings, { homeRegion: 'eu-west-1' });

/** A JSON copy of the event with the attribute at `path` removed, as a consumer would receive it. */
function without(event: OcsfDetectionFinding, path: string): unknown {
  const copy = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, copy);
  delete parent[last];
  return copy;
}

describe('renderOcsf on the demo organization', () => {
  it('emits one valid Detection Finding per finding, in report order', async () => {
    const report = await demoReport();
    const events = JSON.parse(renderOcsf(report)) as OcsfDetectionFinding[];
    expect(events).toHaveLength(report.findings.length);
    expect(report.findings.length).toBeGreaterThan(50);
    for (const event of events) expect(ocsfProblems(event), event.finding_info.uid).toEqual([]);
    expect(events.every((e) => e.class_uid === 2004 && e.metadata.version === OCSF_VERSION)).toBe(true);
    expect(new Set(events.map((e) => e.finding_info.uid)).size).toBe(events.length);
    const severities = events.map((e) => e.severity_id);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
  });

  it('names only regions, never "global", and resources for every finding', async () => {
    const report = await demoReport();
    const events = JSON.parse(renderOcsf(report)) as OcsfDetectionFinding[];
    const globalIds = new Set(report.findings.filter((f) => f.region === 'global').map((f) => f.id));
    expect(globalIds.size).toBeGreaterThan(0);
    expect(events.filter((e) => globalIds.has(e.finding_info.uid)).every((e) => e.cloud.region === report.homeRegion)).toBe(true);
    expect(events.some((e) => e.cloud.region === 'global' || e.resources.some((r) => r.region === 'global'))).toBe(false);
    expect(events.every((e) => e.resources.length >= 1)).toBe(true);
  });

  it('is pretty-printed JSON with a trailing newline', async () => {
    const text = renderOcsf(await demoReport());
    expect(text.startsWith('[\n  {')).toBe(true);
    expect(text.endsWith(']\n')).toBe(true);
  });
});

describe('OCSF_REQUIRED and ocsfProblems', () => {
  const event = toOcsf(makeFinding(), ctx);

  it('lists the required attributes of the class and of the objects privapi emits', () => {
    const root = OCSF_REQUIRED.find((r) => r.path === '');
    expect(root?.required).toEqual(expect.arrayContaining(['activity_id', 'category_uid', 'class_uid', 'type_uid', 'time', 'severity_id', 'metadata', 'finding_info', 'cloud']));
    expect(OCSF_REQUIRED.map((r) => r.path)).toEqual(expect.arrayContaining(['metadata', 'metadata.product', 'finding_info', 'cloud', 'remediation']));
    expect(ocsfProblems(event)).toEqual([]);
  });

  it.each([
    ['finding_info.uid', 'finding_info.uid is required'],
    ['metadata.product', 'metadata.product is required'],
    ['metadata.version', 'metadata.version is required'],
    ['finding_info', 'finding_info is required'],
    ['cloud.provider', 'cloud.provider is required'],
    ['remediation.desc', 'remediation.desc is required'],
    ['time', 'time is required'],
    ['type_uid', 'type_uid is required'],
  ])('reports %s missing', (path, problem) => {
    expect(ocsfProblems(without(event, path))).toContain(problem);
  });

  it('checks the "at least one of" constraints, inside arrays too', () => {
    const noProduct = without(without(event, 'metadata.product.name') as OcsfDetectionFinding, 'metadata.product.uid');
    expect(ocsfProblems(noProduct)).toEqual(['metadata.product needs at least one of metadata.product.name, metadata.product.uid']);
    const copy = JSON.parse(JSON.stringify(event)) as OcsfDetectionFinding;
    copy.resources[0] = { ...copy.resources[0]!, owner: { account: {} as never } };
    expect(ocsfProblems(copy)).toEqual(['resources[0].owner.account needs at least one of resources[0].owner.account.name, resources[0].owner.account.uid']);
  });

  it('reports values the class fixes', () => {
    expect(ocsfProblems({ ...event, class_uid: 2003 })).toContain('class_uid must be 2004 (Detection Finding)');
    expect(ocsfProblems({ ...event, type_uid: 200402 })).toContain('type_uid must be class_uid * 100 + activity_id (200401)');
    expect(ocsfProblems({ ...event, time: 1.5 })).toContain('time must be an integer timestamp (epoch milliseconds)');
    expect(ocsfProblems({ ...event, severity_id: 7 })).toContain('severity_id 7 is not defined');
    expect(ocsfProblems(null)).toEqual(['event is not an object']);
  });
});

describe('toOcsf', () => {
  it('maps a NEW finding to Create, New, with its times, product and cloud', () => {
    const e = toOcsf(makeFinding(), ctx);
    expect(e).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      activity_name: 'Create',
      type_uid: 200401,
      type_name: 'Detection Finding: Create',
      status_id: 1,
      status: 'New',
      severity_id: 4,
      severity: 'High',
      is_alert: true,
      time: Date.parse(T_LAST),
      metadata: { version: OCSF_VERSION, product: { name: 'privapi', vendor_name: 'privapi', version: PRIVAPI_VERSION }, profiles: ['cloud'] },
      cloud: { provider: 'AWS', region: 'us-east-1', cloud_partition: 'aws', account: { uid: '111111111111', type: 'AWS Account', type_id: 10 } },
      unmapped: { check_id: 'POLICY-002', lifecycle: 'NEW', run_id: 'run-7', message_id: 'anyVpce' },
    });
    expect(e.finding_info).toMatchObject({ first_seen_time: Date.parse(T_FIRST), last_seen_time: Date.parse(T_LAST), created_time: Date.parse(T_FIRST) });
    expect(e.finding_info.types[0]).toBe('POLICY-002');
    expect(e.remediation).toEqual({ desc: 'Restrict the policy with aws:SourceVpce.', references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html'] });
  });

  it('maps STILL_FAILING and UNKNOWN to Update', () => {
    expect(toOcsf(makeFinding({ lifecycle: 'STILL_FAILING' }), ctx)).toMatchObject({ activity_id: 2, type_uid: 200402, status: 'New' });
    expect(toOcsf(makeFinding({ lifecycle: 'UNKNOWN' }), ctx)).toMatchObject({ activity_id: 2, type_uid: 200402 });
  });

  it('maps a RESOLVED finding to Close with Resolved status at its resolution time', () => {
    const resolvedAt = '2026-03-15T00:00:00.000Z';
    const e = toOcsf(makeFinding({ state: 'RESOLVED', lifecycle: 'RESOLVED', resolvedAt, resolution: 'RESOURCE_GONE' }), ctx);
    expect(e).toMatchObject({ activity_id: 3, activity_name: 'Close', type_uid: 200403, status_id: 4, status: 'Resolved', is_alert: false, time: Date.parse(resolvedAt) });
    expect(e.unmapped.resolution).toBe('RESOURCE_GONE');
  });

  it('maps a muted finding to Suppressed and keeps the mute in unmapped', () => {
    const e = toOcsf(makeFinding({ muted: MUTE }), ctx);
    expect(e).toMatchObject({ status_id: 3, status: 'Suppressed', is_alert: false });
    expect(e.unmapped).toMatchObject({ mute_entry: MUTE.entry, mute_owner: MUTE.owner, mute_reason: MUTE.reason, mute_expires: MUTE.expires });
  });

  it.each([
    ['INFORMATIONAL', 1, 'Informational'],
    ['LOW', 2, 'Low'],
    ['MEDIUM', 3, 'Medium'],
    ['HIGH', 4, 'High'],
    ['CRITICAL', 5, 'Critical'],
  ] as const)('maps severity %s to %i', (severity, id, name) => {
    expect(toOcsf(makeFinding({ severity }), ctx)).toMatchObject({ severity_id: id, severity: name });
  });

  it('puts global (Route 53) findings in the home region', () => {
    const zone = { arn: 'arn:aws:route53:::hostedzone/Z123', type: 'AwsRoute53HostedZone' };
    const e = toOcsf(makeFinding({ region: 'global', resource: zone, related: [] }), ctx);
    expect(e.cloud.region).toBe('eu-west-1');
    expect(e.resources).toEqual([{ uid: zone.arn, type: 'AwsRoute53HostedZone', region: 'eu-west-1', cloud_partition: 'aws', owner: { account: { uid: '111111111111', type: 'AWS Account', type_id: 10 } } }]);
  });

  it('lists the primary and related resources once each, with ASFF types and owners where known', () => {
    const f = makeFinding({
      related: [
        { arn: 'arn:aws:ec2:us-east-1:222222222222:vpc-endpoint/vpce-0abc', type: 'AwsEc2VpcEndpoint' },
        { arn: 'arn:aws:ec2:us-east-1:222222222222:vpc-endpoint/vpce-0abc', type: 'AwsEc2VpcEndpoint' },
        { arn: 'arn:aws:apigateway:us-east-1::/restapis/other', type: 'AwsApiGatewayRestApi' },
      ],
    });
    const e = toOcsf(f, ctx);
    expect(e.resources).toEqual([
      { uid: f.resource.arn, type: 'AwsApiGatewayRestApi', region: 'us-east-1', cloud_partition: 'aws', owner: { account: { uid: '111111111111', type: 'AWS Account', type_id: 10 } } },
      { uid: 'arn:aws:ec2:us-east-1:222222222222:vpc-endpoint/vpce-0abc', type: 'Other', region: 'us-east-1', cloud_partition: 'aws', owner: { account: { uid: '222222222222', type: 'AWS Account', type_id: 10 } } },
      { uid: 'arn:aws:apigateway:us-east-1::/restapis/other', type: 'AwsApiGatewayRestApi', region: 'us-east-1', cloud_partition: 'aws' },
    ]);
  });

  it('takes the partition from the ARN, and the report partition for the cloud', () => {
    const arn = 'arn:aws-us-gov:apigateway:us-gov-west-1::/restapis/a1';
    const e = toOcsf(makeFinding({ region: 'us-gov-west-1', resource: { arn, type: 'AwsApiGatewayRestApi' }, related: [] }), { partition: 'aws-us-gov', homeRegion: 'us-gov-west-1' });
    expect(e.cloud.cloud_partition).toBe('aws-us-gov');
    expect(e.resources[0]?.cloud_partition).toBe('aws-us-gov');
  });

  it('omits remediation references when there is no URL', () => {
    expect(toOcsf(makeFinding({ remediation: { text: 'Fix it.', url: '' } }), ctx).remediation).toEqual({ desc: 'Fix it.' });
  });
});

describe('hostile text', () => {
  const hostile = makeFinding({
    title: 'Title \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
    message: 'Name \u001b[31mred\u001b[0m <script>alert(1)</script> & \u202eevil\nsecond line',
    resource: { arn: 'arn:aws:apigateway:us-east-1::/restapis/\u001b[2Jx', type: 'AwsApiGatewayRestApi' },
    muted: { ...MUTE, reason: 'ok\u0007\u009b' },
  });

  it('loses its control sequences and keeps its text', () => {
    const text = renderOcsf(reportOf([hostile]));
    expect(text).not.toMatch(/\\u001b|\\u0007|\\u009b|\\u202e/i);
    expect(hasControl(text)).toBe(false);
    const [e] = JSON.parse(text) as [OcsfDetectionFinding];
    expect(e.message).toBe('Name red <script>alert(1)</script> & evil\nsecond line');
    expect(e.finding_info.title).toBe('Title link');
    expect(e.resources[0]?.uid).toBe('arn:aws:apigateway:us-east-1::/restapis/x');
    expect(e.unmapped.mute_reason).toBe('ok');
    expect(ocsfProblems(e)).toEqual([]);
  });

  it('writes markup characters as JSON escapes', () => {
    const text = renderOcsf(reportOf([hostile]));
    expect(text).not.toContain('<script>');
    expect(text).toContain('\\u003cscript\\u003e');
  });
});
