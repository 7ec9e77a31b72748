import { describe, expect, it } from 'vitest';
import { emptyGlobal, emptyRegional, RegionalInventory, RestApi, Vpc, type Snapshot } from '../../src/model/inventory.js';
import { resourceTags } from '../../src/model/resource-tags.js';
import { ACCOUNT_A, ACCOUNT_B, snapshotWith } from '../helpers/snapshot-builder.js';

const API_ARN = 'arn:aws:apigateway:us-east-1::/restapis/a1';
const VPC_ARN = `arn:aws:ec2:us-east-1:${ACCOUNT_A}:vpc/vpc-1`;

function restApi(accountId: string, tags: Record<string, string>) {
  return RestApi.parse({ accountId, region: 'us-east-1', arn: API_ARN, id: 'a1', name: 'orders', endpointConfiguration: { types: ['PRIVATE'] }, tags });
}

describe('resourceTags', () => {
  it('GIVEN tagged regional records WHEN indexed THEN every ARN maps to its tags, untagged ones to {}', () => {
    const regional = RegionalInventory.parse({
      accountId: ACCOUNT_A,
      region: 'us-east-1',
      restApis: [restApi(ACCOUNT_A, { env: 'prod' })],
      vpcs: [Vpc.parse({ accountId: ACCOUNT_A, region: 'us-east-1', arn: VPC_ARN, id: 'vpc-1' })],
    });
    const tags = resourceTags(snapshotWith([regional]));
    expect(tags.get(API_ARN)).toEqual({ env: 'prod' });
    expect(tags.get(VPC_ARN)).toEqual({});
    expect(tags.size).toBe(2);
  });

  it('GIVEN records without tags (security groups, stages) WHEN indexed THEN they are left out', () => {
    const regional = RegionalInventory.parse({
      accountId: ACCOUNT_A,
      region: 'us-east-1',
      securityGroups: [{ accountId: ACCOUNT_A, region: 'us-east-1', arn: 'arn:aws:ec2:us-east-1:111111111111:security-group/sg-1', id: 'sg-1' }],
      restApis: [{ ...restApi(ACCOUNT_A, {}), stages: [{ accountId: ACCOUNT_A, region: 'us-east-1', arn: `${API_ARN}/stages/prod`, restApiId: 'a1', stageName: 'prod' }] }],
    });
    expect([...resourceTags(snapshotWith([regional])).keys()]).toEqual([API_ARN]);
  });

  it('GIVEN a record type the index does not name WHEN indexed THEN its tags are included (generic walk)', () => {
    const future = { ...emptyRegional(ACCOUNT_A, 'us-east-1'), futureThings: [{ arn: 'arn:aws:future:::thing/1', tags: { env: 'dev' } }] };
    const snapshot = snapshotWith([future as RegionalInventory]);
    expect(resourceTags(snapshot).get('arn:aws:future:::thing/1')).toEqual({ env: 'dev' });
  });

  it('GIVEN global records WHEN indexed THEN they are included', () => {
    const global = { ...emptyGlobal(ACCOUNT_A), hostedZones: [], futureGlobal: [{ arn: 'arn:aws:route53:::thing/Z1', tags: { team: 'dns' } }] };
    const snapshot: Snapshot = { ...snapshotWith(), global: [global] };
    expect(resourceTags(snapshot).get('arn:aws:route53:::thing/Z1')).toEqual({ team: 'dns' });
  });

  it('GIVEN one resource seen from two accounts, one view without tags WHEN indexed THEN its tags are kept', () => {
    const a = RegionalInventory.parse({ accountId: ACCOUNT_A, region: 'us-east-1', restApis: [restApi(ACCOUNT_A, { env: 'prod' })] });
    const b = RegionalInventory.parse({ accountId: ACCOUNT_B, region: 'us-east-1', restApis: [restApi(ACCOUNT_B, {})] });
    expect(resourceTags(snapshotWith([b, a])).get(API_ARN)).toEqual({ env: 'prod' });
  });

  it('GIVEN the index WHEN its tags are changed THEN the snapshot is not', () => {
    const regional = RegionalInventory.parse({ accountId: ACCOUNT_A, region: 'us-east-1', restApis: [restApi(ACCOUNT_A, { env: 'prod' })] });
    const snapshot = snapshotWith([regional]);
    const tags = resourceTags(snapshot).get(API_ARN);
    if (tags) tags['env'] = 'dev';
    expect(snapshot.regional[0]?.restApis[0]?.tags).toEqual({ env: 'prod' });
  });
});
