import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiReach } from '../../src/reach/model.js';
import { runCli } from '../helpers/cli.js';

const run = (...args: string[]) => runCli(args);

let dir: string;
let snapshot: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'privapi-reach-'));
  snapshot = join(dir, 'snapshot.json');
  expect((await run('collect', '--demo', '--out', snapshot)).code).toBe(3);
}, 60_000);

describe('privapi reach', () => {
  it('lists each private API\'s intended clients with the first broken hop, and exits 1 when one cannot reach', async () => {
    const { code, out } = await run('reach', '--snapshot', snapshot);
    expect(code).toBe(1);
    // The demo plants VPCE-001 (no inbound 443) on the endpoint of API "profile" in us-east-1.
    expect(out).toMatch(/profile \(wx7n4g7h4g\) 213902055935 us-east-1: 1 intended client\(s\), 0 can reach it\n {2}vpc-\w+ +UNREACHABLE at security-group: no inbound rule of security group\(s\) sg-a8b1501de966dbd6e/);
    expect(out).toMatch(/reachable via vpce-\w+; names: \w+\.execute-api\.us-east-1\.amazonaws\.com/);
    expect(out).toMatch(/VPC\(s\) in (us-east-1|eu-west-1) have no execute-api endpoint/);
  });

  it('--api and --json narrow the output to one API as JSON', async () => {
    const { out } = await run('reach', '--snapshot', snapshot, '--api', 'wx7n4g7h4g', '--json');
    const { apis } = JSON.parse(out) as { apis: ApiReach[] };
    expect(apis.map((a) => a.apiId)).toEqual(['wx7n4g7h4g']);
    expect(apis[0]!.intended[0]!.result.broken).toMatchObject({ hop: 'security-group', arn: expect.stringContaining('sg-a8b1501de966dbd6e') });
  });

  it('--from shows one client\'s view, including an on-premises network from the config file', async () => {
    const config = join(dir, 'privapi.config.yaml');
    await writeFile(config, 'onPremises:\n  - label: datacenter-1\n    cidrs: [192.168.0.0/16]\n');
    const vpc = await run('reach', '--snapshot', snapshot, '--from', 'vpc-2040a60906165788d');
    expect(vpc.out).toMatch(/^From vpc-2040a60906165788d \(\d{12} us-east-1\): \d+ of \d+ private API\(s\) reachable/);
    const onprem = await run('reach', '--snapshot', snapshot, '--config', config, '--from', 'datacenter-1');
    expect(onprem.out).toMatch(/^From onprem:datacenter-1 \(192\.168\.0\.0\/16\): \d+ of \d+ private API\(s\) reachable/);
  });

  it('usage and config errors exit 2 and say what is wrong', async () => {
    const unknown = await run('reach', '--snapshot', snapshot, '--from', 'vpc-0000000000000000');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--from vpc-0000000000000000: no such VPC in the inventory');
    const api = await run('reach', '--snapshot', snapshot, '--api', 'nope');
    expect(api.err).toContain('--api: no private API nope in the inventory');
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'onPremises:\n  - label: dc\n    cidrs: [10.0.0.0/33]\n');
    const config = await run('reach', '--snapshot', snapshot, '--config', bad);
    expect(config.code).toBe(2);
    expect(config.err).toContain('bad.yaml:3:13: onPremises[0].cidrs[0]: expected a CIDR such as 10.20.0.0/16 or 2001:db8::/32');
  });
});
