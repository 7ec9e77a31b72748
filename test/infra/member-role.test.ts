import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../infra/config.js';
import { memberRoleTemplate } from '../../infra/member-role.js';
import { memberRolePolicy } from '../../src/collectors/permissions.js';
import { BASE_CONTEXT, only, templates } from './helpers.js';

const HUB_ROLES = ['scheduled', 'worker', 'aggregate'].map((fn) => `arn:aws:iam::111111111111:role/privapi-hub-${fn}`);

describe('member-account role StackSet', () => {
  it('GIVEN the defaults THEN the template holds one role with exactly the generated policy and a trust of the three hub roles in the organization', () => {
    const template = memberRoleTemplate(parseConfig({ ...BASE_CONTEXT }));
    expect(Object.keys(template.Resources)).toEqual(['AuditRole']);
    const role = template.Resources.AuditRole;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties).toMatchObject({ RoleName: 'PrivapiAuditRole', Path: '/', MaxSessionDuration: 3600 });
    expect(role.Properties.Policies).toEqual([{ PolicyName: 'privapi-audit', PolicyDocument: memberRolePolicy('aws') }]);
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'PrivapiHubFunctions',
          Effect: 'Allow',
          Principal: { AWS: HUB_ROLES },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
    });
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).not.toContain('sts:ExternalId');
  });

  it('GIVEN the policy THEN Security Hub import is limited to the account\'s own default product and nothing writes elsewhere', () => {
    const policy = memberRoleTemplate(parseConfig({ ...BASE_CONTEXT })).Resources.AuditRole.Properties.Policies[0]!.PolicyDocument;
    const importStatement = policy.Statement.find((s) => s.Action.includes('securityhub:BatchImportFindings'))!;
    expect(importStatement.Action).toEqual(['securityhub:BatchImportFindings']);
    expect(importStatement.Resource).toBe('arn:aws:securityhub:*:${aws:PrincipalAccount}:product/${aws:PrincipalAccount}/default');
    expect(policy.Statement.flatMap((s) => s.Action).filter((a) => a.includes('*'))).toEqual([]);
  });

  it('GIVEN an ExternalId, a path, a role name and a GovCloud hub THEN the role and trust use them', () => {
    const role = memberRoleTemplate(parseConfig({ ...BASE_CONTEXT, hubRegion: 'us-gov-west-1', externalId: 'privapi-ext-1', rolePath: '/audit/', roleName: 'Audit' })).Resources.AuditRole;
    expect(role.Properties).toMatchObject({ RoleName: 'Audit', Path: '/audit/' });
    expect(role.Properties.Policies[0]!.PolicyDocument).toEqual(memberRolePolicy('aws-us-gov'));
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
      Principal: { AWS: HUB_ROLES.map((a) => a.replace('arn:aws:', 'arn:aws-us-gov:')) },
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'sts:ExternalId': 'privapi-ext-1' } },
    });
  });

  it('GIVEN no OUs THEN the service-managed StackSet auto-deploys the template to the organization root in the hub region', () => {
    const { config, memberTemplate } = templates();
    const { Properties } = only(memberTemplate, 'AWS::CloudFormation::StackSet');
    expect(Properties).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'SELF',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [{ Regions: ['us-east-1'], DeploymentTargets: { OrganizationalUnitIds: ['r-ab12'] } }],
    });
    expect(JSON.parse(Properties.TemplateBody as string)).toEqual(memberRoleTemplate(config));
  });

  it('GIVEN OUs and a delegated administrator THEN the StackSet targets those OUs and is called as DELEGATED_ADMIN from that account', () => {
    const { memberTemplate, memberRole } = templates({ ous: 'ou-ab12-cdef3456,ou-ab12-99998888', callAs: 'DELEGATED_ADMIN', stackSetAccount: '333333333333' });
    expect(memberRole.account).toBe('333333333333');
    expect(only(memberTemplate, 'AWS::CloudFormation::StackSet').Properties).toMatchObject({
      CallAs: 'DELEGATED_ADMIN',
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cdef3456', 'ou-ab12-99998888'] } }],
    });
  });
});
