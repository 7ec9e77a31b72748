import { findingId, type Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/report/model.js';

export const T_FIRST = '2026-03-01T00:00:00.000Z';
export const T_LAST = '2026-03-08T00:00:00.000Z';

/**
 * An ACTIVE, NEW finding about a REST API in 111111111111/us-east-1, its id derived like the
 * engine derives it; overrides replace whole fields, and a new account, region, check or resource
 * gives a new id unless `id` is given too.
 */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  const accountId = overrides.accountId ?? '111111111111';
  const region = overrides.region ?? 'us-east-1';
  const checkId = overrides.checkId ?? 'POLICY-002';
  const resource = overrides.resource ?? { arn: `arn:aws:apigateway:${region === 'global' ? 'us-east-1' : region}::/restapis/a1b2c3`, type: 'AwsApiGatewayRestApi' };
  return {
    id: findingId(accountId, region, checkId, resource.arn),
    checkId,
    accountId,
    region,
    resource,
    related: [{ arn: `arn:aws:ec2:${region}:${accountId}:vpc-endpoint/vpce-0abc`, type: 'AwsEc2VpcEndpoint' }],
    severity: 'HIGH',
    title: 'Private API can be invoked from any VPC endpoint',
    message: `Policy allows execute-api:Invoke from any VPC endpoint on ${resource.arn}.`,
    messageId: 'anyVpce',
    remediation: { text: 'Restrict the policy with aws:SourceVpce.', url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html' },
    state: 'ACTIVE',
    lifecycle: 'NEW',
    firstObservedAt: T_FIRST,
    lastObservedAt: T_LAST,
    updatedAt: T_LAST,
    runId: 'run-7',
    runStartedAt: T_LAST,
    ...overrides,
  };
}

/** A report of these findings, as an audit run would give it; overrides replace whole fields. */
export function reportOf(findings: Finding[], overrides: Partial<Report> = {}): Report {
  return { generatedAt: T_LAST, privapiVersion: 'test', source: { kind: 'audit', runId: 'run-7' }, partition: 'aws', homeRegion: 'us-east-1', findings, ...overrides };
}

/** Controls a terminal or a reader would act on; tab, LF and CR are the formats' own. */
export const hasControl = (text: string): boolean =>
  [...text].some((c) => {
    const n = c.codePointAt(0) ?? 0;
    return (n < 0x20 && ![0x09, 0x0a, 0x0d].includes(n)) || (n >= 0x7f && n <= 0x9f) || (n >= 0x202a && n <= 0x202e) || (n >= 0x2066 && n <= 0x2069);
  });
