import { describe, expect, it } from 'vitest';
import { InventoryIndex } from '../../src/model/inventory-index.js';
import { emptyRegional } from '../../src/model/inventory.js';
import { ACCOUNT_A, ACCOUNT_B, snapshotWith } from '../helpers/snapshot-builder.js';

function twoAccounts() {
  const network = emptyRegional(ACCOUNT_A, 'us-east-1');
  network.vpcEndpoints.push({
    accountId: ACCOUNT_A, region: 'us-east-1', arn: `arn:aws:ec2:us-east-1:${ACCOUNT_A}:vpc-endpoint/vpce-1`, id: 'vpce-1', vpcId: 'vpc-1',
    serviceName: 'com.amazonaws.us-east-1.execute-api', type: 'Interface', state: 'available', privateDnsEnabled: true,
    subnetIds: [], securityGroupIds: ['sg-1'], networkInterfaceIds: ['eni-1'], dnsEntries: [], tags: {},
  });
  network.networkInterfaces.push({
    accountId: ACCOUNT_A, region: 'us-east-1', arn: 'arn:eni-1', id: 'eni-1', privateIpAddresses: ['10.0.0.5'], ipv6Addresses: ['fd00::5'], vpcEndpointId: 'vpce-1',
  });
  const workload = emptyRegional(ACCOUNT_B, 'eu-west-1');
  workload.loadBalancers.push({
    accountId: ACCOUNT_B, region: 'eu-west-1', arn: 'arn:lb/1', name: 'nlb', type: 'network', scheme: 'internal', state: 'active', availabilityZones: [], securityGroupIds: [],
  });
  workload.targetGroups.push({
    accountId: ACCOUNT_B, region: 'eu-west-1', arn: 'arn:tg/1', name: 'tg', targetType: 'ip', loadBalancerArns: ['arn:lb/1'], healthCheckEnabled: true,
  });
  return snapshotWith([network, workload]);
}

describe('InventoryIndex', () => {
  it('finds records of any account by id or ARN', () => {
    const index = new InventoryIndex(twoAccounts());
    expect(index.vpcEndpoints.get('vpce-1')?.accountId).toBe(ACCOUNT_A);
    expect(index.loadBalancers.get('arn:lb/1')?.accountId).toBe(ACCOUNT_B);
    expect(index.targetGroupsByLoadBalancer.get('arn:lb/1')?.map((t) => t.arn)).toEqual(['arn:tg/1']);
    expect(index.networkInterfacesByIp.get('10.0.0.5')?.id).toBe('eni-1');
    expect(index.networkInterfacesByIp.get('fd00::5')?.id).toBe('eni-1');
    expect(index.vpcEndpointsByVpc.get('vpc-1')?.map((e) => e.id)).toEqual(['vpce-1']);
  });

  it('answers collection completeness per account, region and service', () => {
    const snapshot = twoAccounts();
    snapshot.collections = snapshot.collections.map((s) =>
      s.accountId === ACCOUNT_B && s.service === 'apigateway'
        ? { ...s, state: 'partial', errors: [{ operation: 'GetStages', code: 'AccessDeniedException', message: 'denied', resource: 'api-1' }] }
        : s,
    );
    const index = new InventoryIndex(snapshot);
    expect(index.isComplete(ACCOUNT_A, 'us-east-1', 'apigateway')).toBe(true);
    expect(index.isComplete(ACCOUNT_B, 'eu-west-1', 'apigateway')).toBe(false);
    expect(index.errorsFor(ACCOUNT_B, 'eu-west-1', 'apigateway', 'api-1').map((e) => e.operation)).toEqual(['GetStages']);
    expect(index.isComplete(ACCOUNT_B, 'ap-south-1', 'apigateway')).toBe(false);
  });

  it('treats an account-wide failure ("*" region) as covering every region', () => {
    const snapshot = twoAccounts();
    snapshot.collections.push({ accountId: '333333333333', region: '*', service: 'ec2', state: 'failed', errors: [] });
    const index = new InventoryIndex(snapshot);
    expect(index.status('333333333333', 'us-west-2', 'ec2')?.state).toBe('failed');
  });
});

describe('InventoryIndex.unlistedScopes', () => {
  const snapshot = snapshotWith([emptyRegional(ACCOUNT_A, 'us-east-1'), emptyRegional(ACCOUNT_A, 'eu-west-1'), emptyRegional(ACCOUNT_B, 'us-east-1')]);
  const collections = snapshot.collections.map((s) => {
    if (s.service !== 'apigateway') return s;
    if (s.accountId === ACCOUNT_B) return { ...s, state: 'failed' as const, errors: [{ operation: 'GetRestApis', code: 'AccessDeniedException', message: 'denied' }] };
    if (s.region === 'eu-west-1') return { ...s, state: 'partial' as const, errors: [{ operation: 'GetVpcLinks', code: 'ThrottlingException', message: 'slow' }] };
    return s;
  });
  const index = new InventoryIndex({ ...snapshot, collections: [...collections, { accountId: ACCOUNT_A, region: 'me-south-1', service: 'apigateway', state: 'skipped', errors: [] }] });
  const scopes = (...args: Parameters<InventoryIndex['unlistedScopes']>) => index.unlistedScopes(...args).map((s) => `${s.accountId} ${s.region}: ${s.reason}`);

  it('names failed listings with their failing calls', () => {
    expect(scopes('apigateway')).toEqual([`${ACCOUNT_B} us-east-1: GetRestApis AccessDeniedException`]);
  });
  it('adds skipped regions and partial collections whose given listing failed, only when asked', () => {
    expect(scopes('apigateway', { skipped: true, operations: ['GetVpcLinks'] })).toEqual([
      `${ACCOUNT_A} eu-west-1: GetVpcLinks ThrottlingException`,
      `${ACCOUNT_B} us-east-1: GetRestApis AccessDeniedException`,
      `${ACCOUNT_A} me-south-1: collection skipped`,
    ]);
    expect(scopes('elbv2', { skipped: true })).toEqual([]);
  });
});
