import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../helpers/fake-clock.js';
import { formFilters, formList } from '../../../src/aws/simulation/protocol.js';
import { makePaginator } from '../../../src/aws/simulation/service.js';
import { MEMBER, OTHER, REGION, regionState, simAccount, simClientConfig, simWorld, simulate } from '../../helpers/sim-world.js';

const vpc = (id: string) => ({ vpc: { VpcId: id, CidrBlock: '10.0.0.0/16', OwnerId: MEMBER }, enableDnsSupport: true, enableDnsHostnames: true });
const world = simWorld([
  simAccount(MEMBER, { regions: { [REGION]: regionState({ ec2: { vpcs: [vpc('vpc-1'), vpc('vpc-2'), vpc('vpc-3')] } }) } }),
  simAccount(OTHER, { regions: { [REGION]: regionState({ ec2: { vpcs: [vpc('vpc-9')] } }) } }),
]);


async function vpcIds(client: EC2Client): Promise<string[]> {
  const out = await client.send(new DescribeVpcsCommand({}));
  return (out.Vpcs ?? []).map((v) => v.VpcId ?? '');
}

describe('SimulatedAws identity', () => {
  it('answers each call from the account its access key was issued for', async () => {
    const sim = simulate(world);
    expect(await vpcIds(new EC2Client(simClientConfig(sim, MEMBER)))).toEqual(['vpc-1', 'vpc-2', 'vpc-3']);
    expect(await vpcIds(new EC2Client(simClientConfig(sim, OTHER)))).toEqual(['vpc-9']);
    const caller = await new STSClient(simClientConfig(sim, world.managementAccountId)).send(new GetCallerIdentityCommand({}));
    expect(caller.Account).toBe(world.managementAccountId);
  });

  it('rejects an access key it never issued', async () => {
    const sim = simulate(world);
    const client = new EC2Client({ region: REGION, maxAttempts: 1, requestHandler: sim, credentials: { accessKeyId: 'AKIANOTISSUED', secretAccessKey: 'x' } });
    await expect(client.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
  });

  it('rejects session credentials after they expire', async () => {
    let now = new Date('2026-11-21T00:00:00Z');
    const sim = simulate(world, { credentialLifetimeSeconds: 900, now: () => now });
    const client = new EC2Client(simClientConfig(sim, MEMBER));
    expect(await vpcIds(client)).toHaveLength(3);
    now = new Date(now.getTime() + 901_000);
    await expect(client.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
  });

  it('lists every secret it issued, for log scans', () => {
    const sim = simulate(world);
    const issued = sim.issueCredentials(MEMBER, 'test');
    expect(sim.issuedSecrets()).toEqual(expect.arrayContaining([sim.callerCredentials().secretAccessKey!, issued.secretAccessKey]));
  });
});

describe('SimulatedAws faults and metrics', () => {
  it('a region not enabled for the account fails as AWS does', async () => {
    const sim = simulate(world, { faults: { regionNotEnabled: [{ accountId: MEMBER, region: REGION }] } });
    await expect(new EC2Client(simClientConfig(sim, MEMBER)).send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'AuthFailure' });
    expect(await vpcIds(new EC2Client(simClientConfig(sim, OTHER)))).toEqual(['vpc-9']);
    await expect(new EC2Client(simClientConfig(sim, MEMBER, 'ap-east-1')).send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'AuthFailure' });
  });

  it('AccessDenied can target one operation of one account', async () => {
    const sim = simulate(world, { faults: { accessDenied: [{ accountId: MEMBER, service: 'ec2', operation: 'DescribeVpcs' }] } });
    await expect(new EC2Client(simClientConfig(sim, MEMBER)).send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    expect(await vpcIds(new EC2Client(simClientConfig(sim, OTHER)))).toEqual(['vpc-9']);
    expect(sim.metrics.errors.get('UnauthorizedOperation')).toBe(1);
  });

  it('a throttling storm ends after its duration', async () => {
    const clock = new FakeClock();
    const sim = simulate(world, { clock, enforceQuotas: false, faults: { throttlingStorm: { probability: 1, durationMs: 60_000 } } });
    const client = new EC2Client(simClientConfig(sim, MEMBER));
    await expect(client.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 } });
    clock.t = 60_001;
    expect(await vpcIds(client)).toHaveLength(3);
    expect(sim.metrics.throttled).toBe(1);
  });

  it('enforces the quota per account and region, throttling instead of waiting', async () => {
    const clock = new FakeClock();
    const sim = simulate(world, { clock, quotas: { ec2: { rate: 1, burst: 2 } } });
    const member = new EC2Client(simClientConfig(sim, MEMBER));
    await vpcIds(member);
    await vpcIds(member);
    await expect(member.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
    expect(await vpcIds(new EC2Client(simClientConfig(sim, OTHER)))).toEqual(['vpc-9']);
    clock.t += 1000;
    expect(await vpcIds(member)).toHaveLength(3);
  });

  it('counts every request by account, region, service and operation', async () => {
    const sim = simulate(world);
    await vpcIds(new EC2Client(simClientConfig(sim, MEMBER)));
    await vpcIds(new EC2Client(simClientConfig(sim, MEMBER)));
    expect(sim.metrics.calls.get(`${MEMBER}|${REGION}|ec2|DescribeVpcs`)).toBe(2);
    expect(sim.metrics.requests).toBe(2);
  });

  it('serves latency through its clock', async () => {
    const clock = new FakeClock();
    const sim = simulate(world, { clock, latencyMs: { ec2: 90 }, faults: { slowServices: [{ service: 'ec2', latencyMs: 1000 }] } });
    await vpcIds(new EC2Client(simClientConfig(sim, MEMBER)));
    expect(clock.t).toBe(1090);
  });
});

describe('wire helpers', () => {
  it('reads query-protocol lists and EC2 filters', () => {
    const form = new Map([
      ['SubnetId.2', 'b'],
      ['SubnetId.1', 'a'],
      ['Names.member.1', 'x'],
      ['Filter.1.Name', 'vpc-id'],
      ['Filter.1.Value.1', 'vpc-1'],
      ['Filter.1.Value.2', 'vpc-2'],
    ]);
    expect(formList(form, 'SubnetId')).toEqual(['a', 'b']);
    expect(formList(form, 'Names')).toEqual(['x']);
    expect(formFilters(form)).toEqual(new Map([['vpc-id', ['vpc-1', 'vpc-2']]]));
  });

  it('pages by opaque tokens that only the issuing operation accepts', () => {
    const page = makePaginator(2);
    const first = page([1, 2, 3, 4, 5], { token: undefined, requested: undefined, max: 100, defaultSize: 25, operation: 'ListThings' });
    expect(first.items).toEqual([1, 2]);
    const second = page([1, 2, 3, 4, 5], { token: first.next, requested: undefined, max: 100, defaultSize: 25, operation: 'ListThings' });
    expect(second.items).toEqual([3, 4]);
    expect(() => page([1], { token: first.next, requested: undefined, max: 100, defaultSize: 25, operation: 'ListOther' })).toThrow(/invalid pagination token/);
    expect(() => page([1], { token: undefined, requested: 101, max: 100, defaultSize: 25, operation: 'ListThings' })).toThrow(/outside 1..100/);
  });
});

describe('SimulatedAws malformed responses', () => {
  const describeVpcs = { accountId: MEMBER, service: 'ec2', operation: 'DescribeVpcs' } as const;

  it('truncate: every answer to the call is cut in half, so the SDK cannot parse it; other accounts are served whole', async () => {
    const sim = simulate(world, { faults: { responseFaults: [{ ...describeVpcs, kind: 'truncate' }] } });
    const member = new EC2Client(simClientConfig(sim, MEMBER));
    for (let i = 0; i < 2; i++) await expect(member.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ message: expect.stringMatching(/XML parse error/), $metadata: { httpStatusCode: 200 } });
    expect(await vpcIds(new EC2Client(simClientConfig(sim, OTHER)))).toEqual(['vpc-9']);
  });

  it('drop-field and unknown-enum edit every item the path names, leaving the world intact', async () => {
    const sim = simulate(world, {
      faults: { responseFaults: [{ ...describeVpcs, kind: 'drop-field', path: 'Vpcs.*.VpcId' }, { ...describeVpcs, kind: 'unknown-enum', path: 'Vpcs.*.State', value: 'migrating' }] },
    });
    const out = await new EC2Client(simClientConfig(sim, MEMBER)).send(new DescribeVpcsCommand({}));
    expect(out.Vpcs?.map((v) => [v.VpcId, v.State, v.CidrBlock])).toEqual([[undefined, 'migrating', '10.0.0.0/16'], [undefined, 'migrating', '10.0.0.0/16'], [undefined, 'migrating', '10.0.0.0/16']]);
    expect(await vpcIds(new EC2Client(simClientConfig(simulate(world), MEMBER)))).toEqual(['vpc-1', 'vpc-2', 'vpc-3']);
  });

  it('repeatedPageToken: pages after the first answer with the token they were asked with', async () => {
    const sim = simulate(world, { pageSize: 2, faults: { repeatedPageToken: [describeVpcs] } });
    const client = new EC2Client(simClientConfig(sim, MEMBER));
    const first = await client.send(new DescribeVpcsCommand({}));
    const second = await client.send(new DescribeVpcsCommand({ NextToken: first.NextToken }));
    const third = await client.send(new DescribeVpcsCommand({ NextToken: second.NextToken }));
    expect([first, second, third].map((p) => p.Vpcs?.map((v) => v.VpcId))).toEqual([['vpc-1', 'vpc-2'], ['vpc-3'], ['vpc-3']]);
    expect(second.NextToken).toBe(first.NextToken);
    expect(third.NextToken).toBe(first.NextToken);
  });
});
