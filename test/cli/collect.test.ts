import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { DescribeRegionsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { createLogger } from '../../src/logging.js';
import { parseSnapshotText } from '../../src/model/snapshot.js';
import { accessDenied, silentLogger } from '../helpers/collector-context.js';

const CALLER = '123456789012';
const OTHER = '210987654321';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN';

const sts = mockClient(STSClient);
const ec2 = mockClient(EC2Client);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stubs of different clients share no type
const quiet = [mockClient(APIGatewayClient), mockClient(ApiGatewayV2Client), mockClient(ElasticLoadBalancingV2Client), mockClient(Route53Client), mockClient(Route53ResolverClient)] as AwsStub<any, any, any>[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
const all = [sts, ec2, ...quiet] as AwsStub<any, any, any>[];

beforeEach(() => {
  for (const m of all) {
    m.reset();
    m.onAnyCommand().resolves({});
  }
  sts.on(GetCallerIdentityCommand).resolves({ Account: CALLER, Arn: `arn:aws:sts::${CALLER}:assumed-role/auditor/me` });
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAMEMBEREXAMPLE', SecretAccessKey: SECRET, SessionToken: SESSION_TOKEN, Expiration: new Date(Date.now() + 3_600_000) } });
  ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }] });
  quiet[0]!.on(GetRestApisCommand).resolves({ items: [{ id: 'a1', name: 'orders', endpointConfiguration: { types: ['PRIVATE'] } }] });
});
afterAll(() => all.forEach((m) => m.restore()));

async function collect(args: string[], log = silentLogger) {
  const dir = await mkdtemp(join(tmpdir(), 'privapi-'));
  const out = join(dir, 'snapshot.json');
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'privapi', 'collect', '--out', out, '--region', 'us-east-1', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    log,
    aws: { credentials: async () => ({ accessKeyId: 'AKIACALLEREXAMPLE', secretAccessKey: SECRET }), maxAttempts: 1 },
  });
  return { code, stdout, stderr, out };
}

describe('privapi collect', () => {
  it('writes a valid snapshot and prints a complete summary (exit 0)', async () => {
    const { code, stdout, out } = await collect(['--account', '--regions', 'us-east-1']);
    expect(code).toBe(0);
    const snapshot = parseSnapshotText(await readFile(out, 'utf8'), out);
    expect(snapshot.regional.map((r) => [r.accountId, r.region, r.restApis.map((a) => a.id)])).toEqual([[CALLER, 'us-east-1', ['a1']]]);
    expect(stdout).toContain('2 account-region(s): 2 complete, 0 partial, 0 failed');
    // Complete account-regions are counted, not listed: at a thousand accounts only problems are worth a line.
    expect(stdout).not.toContain('ACCOUNT       REGION');
    expect(stdout).toContain(`Snapshot written to ${out}`);
  });

  it('exits 3 and names the failed operation when collection is incomplete', async () => {
    ec2.on(DescribeVpcsCommand).rejects(accessDenied('You are not authorized to perform this operation.'));
    const { code, stdout } = await collect(['--account', OTHER, '--regions', 'us-east-1']);
    expect(code).toBe(3);
    expect(stdout).toMatch(new RegExp(`${OTHER}\\s+us-east-1\\s+failed\\s+ec2 DescribeVpcs: AccessDeniedException`));
  });

  it('never writes credentials to the log, even at trace level', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _enc, cb) => void (lines.push(String(chunk)), cb()) });
    const log = createLogger({ level: 'trace', destination });
    log.info({ credentials: { accessKeyId: 'x', secretAccessKey: SECRET }, sessionToken: SESSION_TOKEN, policy: '{"Statement":[]}' }, 'probe');
    await collect(['--account', OTHER, '--regions', 'us-east-1'], log);
    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(3);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SESSION_TOKEN);
    expect(text).not.toContain('"Statement"');
    expect(text).toContain('[redacted]');
  });
});
