import { regionDiscoveryDeclares } from '../aws/regions.js';
import { apigatewayCollector } from './apigateway.js';
import { apigatewayv2Collector } from './apigatewayv2.js';
import type { DeclaredCall, GlobalCollector, RegionalCollector } from './contract.js';
import { ec2Collector } from './ec2.js';
import { elbv2Collector } from './elbv2.js';
import { route53Collector } from './route53.js';
import { route53resolverCollector } from './route53resolver.js';

/**
 * Regional collectors in the order they run within a region: API Gateway first (its VPC links and
 * integration targets tell ELBv2 which load balancers matter), EC2 last (it reads the security
 * groups and target IPs the others found).
 */
export const regionalCollectors: readonly RegionalCollector[] = [
  apigatewayCollector,
  apigatewayv2Collector,
  elbv2Collector,
  route53resolverCollector,
  ec2Collector,
];

export const globalCollectors: readonly GlobalCollector[] = [route53Collector];

/** Everything privapi sends in a member account, with the IAM action each call needs. */
export function memberAccountCalls(): Array<DeclaredCall & { service: string }> {
  return [
    ...regionDiscoveryDeclares.map((d) => ({ ...d, service: 'ec2' })),
    ...[...regionalCollectors, ...globalCollectors].flatMap((c) => c.declares.map((d) => ({ ...d, service: c.service }))),
  ];
}

/** What the hub (the account privapi runs in) calls: organization discovery and role assumption. */
export const hubCalls: readonly DeclaredCall[] = [
  { operation: 'GetCallerIdentity', action: 'sts:GetCallerIdentity' },
  { operation: 'AssumeRole', action: 'sts:AssumeRole' },
  { operation: 'ListAccounts', action: 'organizations:ListAccounts' },
  { operation: 'ListRoots', action: 'organizations:ListRoots' },
  { operation: 'ListAccountsForParent', action: 'organizations:ListAccountsForParent' },
  { operation: 'ListOrganizationalUnitsForParent', action: 'organizations:ListOrganizationalUnitsForParent' },
];
