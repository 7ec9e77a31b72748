import { Stack, type StackProps, CfnOutput } from 'aws-cdk-lib';
import { CfnStackSet } from 'aws-cdk-lib/aws-cloudformation';
import type { Construct } from 'constructs';
import { memberRolePolicy, type PolicyDocument } from '../src/collectors/permissions.js';
import { type PrivapiConfig, hubRoleArns, partitionOf } from './config.js';

/** The member role's CloudFormation template: deployed into every member account by the StackSet. */
export interface MemberRoleTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Resources: {
    AuditRole: {
      Type: 'AWS::IAM::Role';
      Properties: {
        RoleName: string;
        Path: string;
        Description: string;
        MaxSessionDuration: number;
        AssumeRolePolicyDocument: TrustPolicy;
        Policies: { PolicyName: string; PolicyDocument: PolicyDocument }[];
      };
    };
  };
  Outputs: { AuditRoleArn: { Value: { 'Fn::GetAtt': ['AuditRole', 'Arn'] } } };
}

export interface TrustPolicy {
  Version: '2012-10-17';
  Statement: {
    Sid: string;
    Effect: 'Allow';
    Principal: { AWS: string[] };
    Action: 'sts:AssumeRole';
    Condition: { StringEquals: Record<string, string> };
  }[];
}

/**
 * The member role's trust: only the hub's three function roles may assume it, only while they
 * belong to the organization, and with the ExternalId when one is configured.
 */
export function memberTrustPolicy(config: Pick<PrivapiConfig, 'hubRolePrefix' | 'hubAccount' | 'hubRegion' | 'organizationId' | 'externalId'>): TrustPolicy {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PrivapiHubFunctions',
        Effect: 'Allow',
        Principal: { AWS: hubRoleArns(config) },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: {
            'aws:PrincipalOrgID': config.organizationId,
            ...(config.externalId ? { 'sts:ExternalId': config.externalId } : {}),
          },
        },
      },
    ],
  };
}

/**
 * A plain CloudFormation template (not a CDK stack: a StackSet deploys a template body). The
 * policy is `memberRolePolicy` rendered with the literal partition of the hub's region rather than
 * `Fn::Sub` with `${AWS::Partition}`: StackSet instances live in the same partition as the account
 * that manages them, and a literal keeps the policy byte-identical to `privapi permissions
 * --partition <p>` (Fn::Sub would also need every IAM variable such as `${aws:PrincipalAccount}`
 * escaped as `${!aws:PrincipalAccount}`).
 */
export function memberRoleTemplate(config: PrivapiConfig): MemberRoleTemplate {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'privapi member-account audit role (read-only, plus importing this account\'s own findings into Security Hub)',
    Resources: {
      AuditRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: config.roleName,
          Path: config.rolePath,
          Description: 'Assumed by the privapi hub functions to read API Gateway private APIs and related resources',
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: memberTrustPolicy(config),
          Policies: [{ PolicyName: 'privapi-audit', PolicyDocument: memberRolePolicy(partitionOf(config.hubRegion)) }],
        },
      },
    },
    Outputs: { AuditRoleArn: { Value: { 'Fn::GetAtt': ['AuditRole', 'Arn'] } } },
  };
}

export interface MemberRoleStackSetStackProps extends StackProps {
  config: PrivapiConfig;
}

/**
 * Deployed in the management account (callAs SELF) or a delegated administrator (DELEGATED_ADMIN).
 * Service-managed StackSets deploy to member accounts only, never to the management account itself.
 * Deploy the hub stack first: IAM rejects a trust policy naming roles that do not exist yet.
 */
export class PrivapiMemberRoleStackSetStack extends Stack {
  readonly stackSet: CfnStackSet;

  constructor(scope: Construct, id: string, props: MemberRoleStackSetStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.stackSet = new CfnStackSet(this, 'MemberRole', {
      stackSetName: 'privapi-member-role',
      description: 'privapi: read-only audit role in every member account',
      permissionModel: 'SERVICE_MANAGED',
      callAs: config.callAs,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      managedExecution: { Active: true },
      operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25, regionConcurrencyType: 'PARALLEL' },
      // IAM is global: one region per account creates the role once.
      stackInstancesGroup: [
        {
          regions: [config.hubRegion],
          deploymentTargets: { organizationalUnitIds: config.ous.length > 0 ? config.ous : [config.rootId!] },
        },
      ],
      templateBody: JSON.stringify(memberRoleTemplate(config), null, 2),
    });
    new CfnOutput(this, 'MemberRoleArnPattern', {
      description: 'The member role in each account',
      value: `arn:${partitionOf(config.hubRegion)}:iam::<account>:role${config.rolePath}${config.roleName}`,
    });
  }
}
