import type { AwsCredentialIdentity } from '@smithy/types';
import { SimulatedAws, type SimulationOptions } from '../../src/aws/simulation/server.js';
import { emptyRegionState, emptyRoute53State, type SimAccount, type SimRegionState, type SimWorld } from '../../src/aws/simulation/world.js';

export const MGMT = '100000000001';
export const MEMBER = '200000000002';
export const OTHER = '300000000003';
export const REGION = 'us-east-1';

/** A region's state with the given parts filled in; everything else empty. */
export function regionState(parts: { [K in keyof SimRegionState]?: Partial<SimRegionState[K]> } = {}): SimRegionState {
  const base = emptyRegionState();
  return {
    apigateway: { ...base.apigateway, ...parts.apigateway },
    apigatewayv2: { ...base.apigatewayv2, ...parts.apigatewayv2 },
    elbv2: { ...base.elbv2, ...parts.elbv2 },
    route53resolver: { ...base.route53resolver, ...parts.route53resolver },
    ec2: { ...base.ec2, ...parts.ec2 },
  };
}

export function simAccount(id: string, overrides: Partial<SimAccount> = {}): SimAccount {
  return {
    id,
    name: `account-${id.slice(-4)}`,
    email: `aws+${id}@example.com`,
    status: 'ACTIVE',
    parentId: 'r-root',
    optedInRegions: [],
    roleDeployed: true,
    regions: {},
    route53: emptyRoute53State(),
    ...overrides,
  };
}

/** A hand-built world: the management account plus the given members, regions us-east-1, eu-west-1 and opt-in ap-east-1. */
export function simWorld(members: SimAccount[] = [], overrides: Partial<SimWorld> = {}): SimWorld {
  return {
    partition: 'aws',
    seed: 7,
    managementAccountId: MGMT,
    rootId: 'r-root',
    auditRoleName: 'PrivapiAuditRole',
    organizationalUnits: [],
    accounts: [simAccount(MGMT, { name: 'management' }), ...members],
    regions: [
      { name: 'us-east-1', optIn: false },
      { name: 'eu-west-1', optIn: false },
      { name: 'ap-east-1', optIn: true },
    ],
    answerKey: [],
    reachKey: [],
    architectures: [],
    ...overrides,
  };
}

/** Client configuration that sends to the simulation as the given account (credentials issued as AssumeRole would). */
export function simClientConfig(sim: SimulatedAws, accountId: string, region = REGION, maxAttempts = 1) {
  const credentials: AwsCredentialIdentity = accountId === sim.world.managementAccountId ? sim.callerCredentials() : sim.issueCredentials(accountId, 'test');
  return { region, credentials, requestHandler: sim, maxAttempts };
}

export function simulate(world: SimWorld, options: SimulationOptions = {}): SimulatedAws {
  return new SimulatedAws(world, options);
}
