import type { DestinationStream } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../src/aws/simulation/generator/index.js';
import { serveWorld, type SimulatedOrganization } from '../../src/aws/simulation/organization.js';
import type { SimWorld } from '../../src/aws/simulation/world.js';
import { main } from '../../src/cli/main.js';
import { createLogger } from '../../src/logging.js';
import { FileStateStore } from '../../src/sinks/state-file.js';
import { stateDir } from '../helpers/audit-run.js';
import { auditThroughRole, muteOne } from './sim-audit.js';
import { UNLIMITED_QUOTAS } from '../../src/aws/simulation/organization.js';

const EXTERNAL_ID = 'privapi-ext-id-5b1f0c7e-canary';
const CANARY_SID = 'PrivapiLogCanary9d2f';
// Not JSON: the collector must reject it without echoing it.
const MALFORMED_CANARY = '{"Version":"2012-10-17","Statement":[{"Sid":"PrivapiMalformedCanary41c7","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",';

/** Everything a pino logger writes, one JSON object a line. */
function capture(): { stream: DestinationStream; text: () => string; lines: () => Array<{ level: number; msg?: string }> } {
  const chunks: string[] = [];
  const stream = { write: (s: string) => void chunks.push(s) };
  const text = () => chunks.join('');
  return { stream, text, lines: () => text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg?: string }) };
}

/** Every policy document the generated organization holds (REST API and VPC endpoint policies), as stored and unescaped. */
function policyTexts(world: SimWorld): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (/^(policy|PolicyDocument)$/.test(key) && v.length > 40) out.push(v, v.replaceAll('\\"', '"'));
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(world.accounts, '');
  return out;
}

/** Puts a statement with a distinctive Sid into one private API's policy, so logging the policy would show it. */
function plantCanary(world: SimWorld): { accountId: string; region: string; restApiId: string } {
  for (const account of world.accounts) {
    for (const [region, state] of Object.entries(account.regions)) {
      const target = state.apigateway.restApis.find((r) => r.api.policy && r.api.endpointConfiguration?.types?.includes('PRIVATE'));
      if (!target) continue;
      // API Gateway returns policies with their quotes escaped; the generator stores them that way.
      const policy = JSON.parse(target.api.policy!.replaceAll('\\"', '"')) as { Statement: unknown[] };
      policy.Statement.push({ Sid: CANARY_SID, Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0canary' } } });
      target.api.policy = JSON.stringify(policy).replaceAll('"', '\\"');
      const other = state.apigateway.restApis.find((r) => r !== target);
      if (other?.api.id) return { accountId: account.id, region, restApiId: other.api.id };
    }
  }
  throw new Error('the generated organization has no private API with a policy');
}

/** What must never reach a log: every credential the simulation issued, and the ExternalId. */
function secretsOf(org: SimulatedOrganization): string[] {
  return [...org.sim.issuedSecrets(), ...org.sim.issuedSessionTokens(), org.sim.callerCredentials().secretAccessKey, EXTERNAL_ID];
}

describe('secrets and policies never reach the log', () => {
  const stateFile = stateDir('privapi-secrets-');
  const worldOf = () => generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });

  describe('a full audit logging at debug, with Security Hub, an ExternalId and failures to report', () => {
    let org: SimulatedOrganization;
    const log = capture();
    let policies: string[];
    let snapshotText: string;

    beforeAll(async () => {
      const world = worldOf();
      const malformed = plantCanary(world);
      policies = policyTexts(world);
      const members = world.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== world.managementAccountId).map((a) => a.id);
      // Failures are what get logged, with the SDK's error messages: a denied AssumeRole, a denied collector call, a broken policy.
      org = serveWorld(world, {
        quotas: UNLIMITED_QUOTAS,
        faults: {
          assumeRoleDenied: [members.at(-1)!],
          accessDenied: [{ accountId: members[0]!, service: 'route53resolver' }],
          malformedPolicies: [{ ...malformed, policy: MALFORMED_CANARY }],
        },
      });
      const logger = createLogger({ level: 'debug', destination: log.stream });
      expect(logger.isLevelEnabled('debug')).toBe(true);
      const store = new FileStateStore({ path: stateFile('audit.json'), retentionDays: 90 });
      const first = await auditThroughRole(org, { store, log: logger, externalId: EXTERNAL_ID, at: new Date('2026-11-01T00:00:00.000Z') });
      await auditThroughRole(org, { store, log: logger, externalId: EXTERNAL_ID, at: new Date('2026-11-02T00:00:00.000Z'), mutelist: muteOne(first.findings) });
      snapshotText = JSON.stringify(first.snapshot);
    }, 60_000);

    it('wrote a log that reports the run and its failures', () => {
      const lines = log.lines();
      expect(lines.length).toBeGreaterThanOrEqual(10);
      expect(lines.some((l) => l.level >= 50)).toBe(true);
      expect(lines.some((l) => l.level === 40)).toBe(true);
      const text = log.text();
      expect(text).toContain('AssumeRole');
      expect(text).toContain(org.world.managementAccountId);
      expect(text).toContain('Security Hub export finished');
      // The ExternalId was in effect (the hint says so) without being written.
      expect(text).toContain('with this ExternalId');
    });

    it('contains none of the secret keys or session tokens the simulation issued, nor the caller\'s key or the ExternalId', () => {
      const secrets = secretsOf(org);
      // Two runs, one AssumeRole per collected account each; a test that checked no sessions would prove nothing.
      expect(org.sim.issuedSessionTokens().length).toBeGreaterThanOrEqual(20);
      const text = log.text();
      expect(secrets.filter((s) => text.includes(s))).toEqual([]);
      expect(text).not.toMatch(/sim-secret-|sim-session-/);
    });

    it('names resources but never writes their policies', () => {
      const text = log.text();
      expect(policies.length).toBeGreaterThan(10);
      // The audit did read the planted statement: had it logged the policy, the scan would see it.
      expect(snapshotText).toContain(CANARY_SID);
      expect(text).not.toContain(CANARY_SID);
      expect(text).not.toContain('PrivapiMalformedCanary41c7');
      // Logged as a JSON string value, a policy would appear escaped.
      const leaked = policies.filter((p) => text.includes(p) || text.includes(JSON.stringify(p).slice(1, -1)));
      expect(leaked).toEqual([]);
      expect(text).not.toContain('execute-api:Invoke');
    });
  });

  describe('the CLI, with the log level from PRIVAPI_LOG_LEVEL', () => {
    it('keeps secrets and policies out of its log, its output and its errors', async () => {
      const world = worldOf();
      plantCanary(world);
      const members = world.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== world.managementAccountId).map((a) => a.id);
      const org = serveWorld(world, { quotas: UNLIMITED_QUOTAS, faults: { assumeRoleDenied: [members[0]!] } });
      const env = { PRIVAPI_LOG_LEVEL: 'debug' } as const;
      const log = capture();
      // The CLI's own logger writes to file descriptor 2; this one is made the same way, at the level the variable names.
      const logger = createLogger({ level: env.PRIVAPI_LOG_LEVEL, destination: log.stream });
      let out = '';
      let err = '';
      const fast = ['apigateway', 'apigateway:GetResources', 'ec2', 'elbv2', 'route53', 'route53resolver', 'organizations', 'sts', 'securityhub'].flatMap((k) => ['--quota', `${k}=100000/100000`]);
      const code = await main(
        ['node', 'privapi', 'audit', '--securityhub', '--caller-uses-role', '--external-id', EXTERNAL_ID, '--regions', 'us-east-1', 'eu-west-1', '--state-file', stateFile('cli.json'), '--asff-file', stateFile('cli.asff.json'), ...fast],
        { stdout: (t) => void (out += t), stderr: (t) => void (err += t), log: logger, terminal: { stdoutIsTTY: false, stderrIsTTY: false, env }, aws: org.aws },
      );
      expect(code, err).not.toBe(2);
      const text = `${log.text()}\n${out}\n${err}`;
      expect(log.lines().length).toBeGreaterThanOrEqual(5);
      expect(text).toContain('AssumeRole');
      expect(text).toContain(members[0]!);
      expect(org.sim.issuedSessionTokens().length).toBeGreaterThanOrEqual(10);
      expect(secretsOf(org).filter((s) => text.includes(s))).toEqual([]);
      expect(text).not.toMatch(/sim-secret-|sim-session-/);
      expect(text).not.toContain(CANARY_SID);
      expect(policyTexts(world).filter((p) => text.includes(p))).toEqual([]);
    }, 40_000);
  });
});
