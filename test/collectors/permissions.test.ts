import { describe, expect, it } from 'vitest';
import { hubPolicy, memberRolePolicy, renderPolicy } from '../../src/collectors/permissions.js';
import { globalCollectors, memberAccountCalls, regionalCollectors } from '../../src/collectors/registry.js';
import { securityHubMemberCalls } from '../../src/sinks/declared-calls.js';

describe('declared calls', () => {
  it('every collector declares the calls it makes', () => {
    for (const c of [...regionalCollectors, ...globalCollectors]) {
      expect(c.declares.length, c.service).toBeGreaterThan(0);
      for (const d of c.declares) expect(d.action, `${c.service} ${d.operation}`).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
    }
  });
});

describe('member role policy', () => {
  const policy = memberRolePolicy('aws');
  const actions = policy.Statement.flatMap((s) => s.Action);

  it('grants exactly the declared actions, read-only but for the Security Hub import, and no wildcard actions', () => {
    expect(new Set(actions)).toEqual(new Set([...memberAccountCalls(), ...securityHubMemberCalls].map((c) => c.action)));
    expect(actions.every((a) => !a.includes('*'))).toBe(true);
    expect(actions.filter((a) => !/:(Get|List|Describe)/.test(a) && a !== 'apigateway:GET').sort()).toEqual(['securityhub:BatchImportFindings', 'securityhub:BatchUpdateFindings']);
  });

  it('limits the import to the account\'s own default product', () => {
    const imports = policy.Statement.find((s) => s.Action.includes('securityhub:BatchImportFindings'))!;
    expect(imports).toMatchObject({ Sid: 'SecurityhubScopedWrite', Action: ['securityhub:BatchImportFindings'], Resource: 'arn:aws:securityhub:*:${aws:PrincipalAccount}:product/${aws:PrincipalAccount}/default' });
  });

  it('scopes API Gateway reads to the resource paths privapi reads', () => {
    const apigw = policy.Statement.filter((s) => s.Action.includes('apigateway:GET'));
    const resources = apigw.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
    expect(resources).toContain('arn:aws:apigateway:*::/restapis');
    expect(resources.every((r) => r.startsWith('arn:aws:apigateway:'))).toBe(true);
  });

  it('renders ARNs for other partitions', () => {
    const gov = JSON.stringify(memberRolePolicy('aws-us-gov'));
    expect(gov).toContain('arn:aws-us-gov:apigateway:');
    expect(gov).not.toContain('${Partition}');
  });

  it('has unique statement ids', () => {
    const sids = policy.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
  });
});

describe('hub policy', () => {
  it('grants the findings table and its index only when a table is named', () => {
    const withTable = hubPolicy('aws', 'PrivapiAuditRole', '/', 'privapi-findings');
    const table = withTable.Statement.find((s) => s.Action.includes('dynamodb:Query'))!;
    expect(table.Resource).toEqual(['arn:aws:dynamodb:*:*:table/privapi-findings', 'arn:aws:dynamodb:*:*:table/privapi-findings/index/*']);
    expect(table.Action).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan']);
    expect(JSON.stringify(hubPolicy('aws', 'PrivapiAuditRole'))).not.toContain('dynamodb');
  });
});

describe('renderPolicy', () => {
  it('groups actions by resource set, deduplicated and sorted', () => {
    const p = renderPolicy(
      [
        { operation: 'B', action: 'ec2:DescribeB' },
        { operation: 'A', action: 'ec2:DescribeA' },
        { operation: 'A2', action: 'ec2:DescribeA' },
        { operation: 'G', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/x'] },
      ],
      'aws-cn',
    );
    expect(p.Statement).toEqual([
      { Sid: 'ApigatewayScopedRead', Effect: 'Allow', Action: ['apigateway:GET'], Resource: 'arn:aws-cn:apigateway:*::/x' },
      { Sid: 'Ec2Read', Effect: 'Allow', Action: ['ec2:DescribeA', 'ec2:DescribeB'], Resource: '*' },
    ]);
  });
});

describe('renderPolicy merging', () => {
  it('gives an action the union of its resources, and "*" absorbs scoped resources', () => {
    const p = renderPolicy(
      [
        { operation: 'A', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/b'] },
        { operation: 'B', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/a'] },
        { operation: 'C', action: 'route53:GetHostedZone', resources: ['arn:${Partition}:route53:::hostedzone/*'] },
        { operation: 'D', action: 'route53:GetHostedZone' },
      ],
      'aws',
    );
    expect(p.Statement).toEqual([
      { Sid: 'ApigatewayScopedRead', Effect: 'Allow', Action: ['apigateway:GET'], Resource: ['arn:aws:apigateway:*::/a', 'arn:aws:apigateway:*::/b'] },
      { Sid: 'Route53Read', Effect: 'Allow', Action: ['route53:GetHostedZone'], Resource: '*' },
    ]);
  });
});

describe('hub policy', () => {
  it('may assume only the member role, in any account', () => {
    const p = hubPolicy('aws', 'Auditor', '/security/');
    const assume = p.Statement.find((s) => s.Action.includes('sts:AssumeRole'));
    expect(assume?.Resource).toBe('arn:aws:iam::*:role/security/Auditor');
    expect(assume?.Action).toEqual(['sts:AssumeRole']);
  });
});
