import type { HttpRequest } from '@smithy/protocol-http';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../src/aws/simulation/generator/index.js';
import { serveWorld, type SimulatedOrganization } from '../../src/aws/simulation/organization.js';
import { hubPolicy, memberRolePolicy, type PolicyDocument } from '../../src/collectors/permissions.js';
import type { AuditResult } from '../../src/audit.js';
import { FileStateStore } from '../../src/sinks/state-file.js';
import { silentLogger } from '../helpers/collector-context.js';
import { stateDir } from '../helpers/audit-run.js';
import { auditThroughRole, muteOne } from './sim-audit.js';
import { UNLIMITED_QUOTAS } from '../../src/aws/simulation/organization.js';

/** One request as IAM would authorize it: who sent it, the action, and the resource ARN ("*" when the request names none). */
interface Authorized {
  identity: 'caller' | 'role';
  accountId: string;
  action: string;
  resource: string;
  request: string;
}

// IAM service prefixes differ from the simulation's service names only for ELBv2 and API Gateway v2.
const PREFIX: Record<string, string> = { elbv2: 'elasticloadbalancing', apigatewayv2: 'apigateway' };

/**
 * Secondary resource ids travel in request bodies, which the simulation's metrics do not keep;
 * a handler in front of it reads the two that IAM authorizes on.
 */
function bodyRecorder(org: SimulatedOrganization) {
  const roleArns = new Set<string>();
  const resolverEndpoints = new Set<string>();
  const handler = {
    handle: (request: HttpRequest) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const target = String(request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '');
      const form = new URLSearchParams(body);
      if (form.get('Action') === 'AssumeRole') roleArns.add(form.get('RoleArn') ?? '');
      if (target.endsWith('.ListResolverEndpointIpAddresses')) resolverEndpoints.add(String((JSON.parse(body) as { ResolverEndpointId?: string }).ResolverEndpointId));
      return org.sim.handle(request);
    },
  };
  return { handler, roleArns, resolverEndpoints };
}

/** IAM's ARN wildcards: `*` any run of characters (`/` included), `?` one character. */
function arnMatches(pattern: string, arn: string): boolean {
  const re = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${re}$`, 's').test(arn);
}

function grants(policy: PolicyDocument, action: string, resource: string, principalAccount: string): boolean {
  return policy.Statement.some((s) => s.Action.includes(action) && resourcesOf(s.Resource).some((r) => arnMatches(r.replaceAll('${aws:PrincipalAccount}', principalAccount), resource)));
}

const resourcesOf = (r: string | string[]): string[] => (Array.isArray(r) ? r : [r]);
const scopedResources = (policy: PolicyDocument, action: string): string[] => policy.Statement.filter((s) => s.Action.includes(action)).flatMap((s) => resourcesOf(s.Resource)).filter((r) => r !== '*');

describe('the member role and hub policies against the calls full audits make', () => {
  const stateFile = stateDir('privapi-security-');
  let org: SimulatedOrganization;
  let runs: AuditResult[];
  let calls: Authorized[];

  beforeAll(async () => {
    const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
    org = serveWorld(world, { quotas: UNLIMITED_QUOTAS });
    const bodies = bodyRecorder(org);
    const store = new FileStateStore({ path: stateFile('roles.json'), retentionDays: 90 });
    const base = { store, log: silentLogger, requestHandler: bodies.handler };
    const first = await auditThroughRole(org, { ...base, at: new Date('2026-11-01T00:00:00.000Z') });
    // A mute on the second day makes the sink set workflows, the role's only other write.
    const second = await auditThroughRole(org, { ...base, at: new Date('2026-11-02T00:00:00.000Z'), mutelist: muteOne(first.findings) });
    runs = [first, second];
    calls = authorize(org, bodies);
  }, 60_000);

  /** Maps each distinct request the simulation served to the IAM action and resource it needs. */
  function authorize(o: SimulatedOrganization, bodies: ReturnType<typeof bodyRecorder>): Authorized[] {
    const out: Authorized[] = [];
    for (const key of o.sim.metrics.requestsByIdentity) {
      const [identity, accountId, region, service, operation, request] = key.split('|') as ['caller' | 'role', string, string, string, string, string];
      const [method, path] = request.split(' ') as [string, string];
      const prefix = PREFIX[service] ?? service;
      const base = { identity, accountId, request: `${service} ${operation} ${request}` };
      if (service === 'apigateway' || service === 'apigatewayv2') {
        // API Gateway authorizes the HTTP method on the resource path; v2's management paths drop the /v2 prefix in IAM
        // (https://docs.aws.amazon.com/apigateway/latest/developerguide/security_iam_service-with-iam.html).
        const resourcePath = service === 'apigatewayv2' ? path.replace(/^\/v2/, '') : path;
        out.push({ ...base, action: `${prefix}:${method}`, resource: `arn:aws:apigateway:${region}::${resourcePath}` });
      } else if (service === 'route53') {
        const zone = /^\/2013-04-01\/hostedzone\/([^/]+)/.exec(path)?.[1];
        out.push({ ...base, action: `${prefix}:${operation}`, resource: zone ? `arn:aws:route53:::hostedzone/${zone}` : '*' });
      } else if (operation === 'ListResolverEndpointIpAddresses') {
        const endpoints = o.world.accounts.filter((a) => a.id === accountId).flatMap((a) => a.regions[region]?.route53resolver.endpoints ?? []);
        const asked = endpoints.filter((e) => bodies.resolverEndpoints.has(e.endpoint.Id ?? ''));
        for (const e of asked) out.push({ ...base, action: `${prefix}:${operation}`, resource: e.endpoint.Arn ?? '' });
      } else if (operation === 'AssumeRole') {
        for (const arn of bodies.roleArns) out.push({ ...base, action: `${prefix}:${operation}`, resource: arn });
      } else if (operation === 'BatchImportFindings') {
        // The import is authorized on the product the findings name; the simulation keeps what each account imported.
        const products = new Set(o.sim.securityHubFindings(accountId, region).map((s) => s.finding.ProductArn ?? ''));
        for (const p of products) out.push({ ...base, action: `${prefix}:${operation}`, resource: p });
      } else {
        out.push({ ...base, action: `${prefix}:${operation}`, resource: '*' });
      }
    }
    return out;
  }

  const memberPolicy = memberRolePolicy('aws');
  const memberActions = memberPolicy.Statement.flatMap((s) => s.Action);

  it('ran two complete audits, importing and then updating findings, with no call refused', () => {
    for (const r of runs) {
      expect(r.run.accounts.failed).toEqual([]);
      expect(r.run.accounts.partial).toEqual([]);
      expect(r.run.securityHub?.failed).toBe(0);
    }
    expect(runs[0]!.run.securityHub!.sent).toBeGreaterThan(0);
    expect(runs[1]!.run.securityHub!.workflowUpdated).toBeGreaterThan(0);
    expect([...org.sim.metrics.errors.keys()]).toEqual([]);
  });

  it('reads every audited account, the management account included, through the member role only', () => {
    const audited = new Set(runs[0]!.run.accounts.complete);
    expect(audited.has(org.world.managementAccountId)).toBe(true);
    expect(new Set(calls.filter((c) => c.identity === 'role').map((c) => c.accountId))).toEqual(audited);
    expect(calls.filter((c) => c.identity === 'caller' && c.accountId !== org.world.managementAccountId)).toEqual([]);
  });

  it('makes no member-account call the member role does not grant, on the resource it names', () => {
    const role = calls.filter((c) => c.identity === 'role');
    expect(role.length).toBeGreaterThan(100);
    const denied = role.filter((c) => !grants(memberPolicy, c.action, c.resource, c.accountId)).map((c) => `${c.action} on ${c.resource} (${c.request})`);
    expect(denied).toEqual([]);
  });

  it('uses every action the member role grants, and every resource pattern it scopes one to', () => {
    const role = calls.filter((c) => c.identity === 'role');
    const used = new Set(role.map((c) => c.action));
    expect(memberActions.filter((a) => !used.has(a))).toEqual([]);
    const unusedPatterns = memberPolicy.Statement.flatMap((s) =>
      s.Action.flatMap((action) =>
        scopedResources(memberPolicy, action)
          .filter((pattern) => !role.some((c) => c.action === action && arnMatches(pattern.replaceAll('${aws:PrincipalAccount}', c.accountId), c.resource)))
          .map((pattern) => `${action} on ${pattern}`),
      ),
    );
    expect([...new Set(unusedPatterns)]).toEqual([]);
  });

  it('needs every statement: without any one of them some call is refused', () => {
    const role = calls.filter((c) => c.identity === 'role');
    for (const [i, statement] of memberPolicy.Statement.entries()) {
      const without: PolicyDocument = { ...memberPolicy, Statement: memberPolicy.Statement.filter((_, j) => j !== i) };
      expect(role.some((c) => !grants(without, c.action, c.resource, c.accountId)), statement.Sid).toBe(true);
    }
  });

  it('grants no wildcard action, and writes nothing but the account\'s own Security Hub findings', () => {
    expect(memberActions.filter((a) => a.includes('*'))).toEqual([]);
    const writes = memberActions.filter((a) => !/^[a-z0-9-]+:(Get|List|Describe)[A-Za-z]*$/.test(a) && a !== 'apigateway:GET');
    expect(writes.sort()).toEqual(['securityhub:BatchImportFindings', 'securityhub:BatchUpdateFindings']);
    expect(scopedResources(memberPolicy, 'securityhub:BatchImportFindings')).toEqual(['arn:aws:securityhub:*:${aws:PrincipalAccount}:product/${aws:PrincipalAccount}/default']);
    expect(memberPolicy.Statement.filter((s) => s.Action.includes('securityhub:BatchImportFindings')).flatMap((s) => resourcesOf(s.Resource))).not.toContain('*');
    // BatchUpdateFindings is the one unscoped write (src/sinks/declared-calls.ts: no resource type we
    // could verify); Security Hub itself limits a member account to its own findings, which is what
    // the simulation enforces and this checks from the findings the updates reached.
    const updated = org.world.accounts.flatMap((a) => org.world.regions.flatMap((r) => org.sim.securityHubFindings(a.id, r.name).filter((s) => s.finding.Note?.UpdatedBy === 'privapi').map((s) => ({ holder: a.id, finding: s.finding }))));
    expect(updated.length).toBe(runs[1]!.run.securityHub!.workflowUpdated);
    for (const u of updated) expect(u.finding).toMatchObject({ AwsAccountId: u.holder, ProductArn: `arn:aws:securityhub:${u.finding.Region}:${u.holder}:product/${u.holder}/default` });
  });

  it('gives the caller\'s own keys only what the hub policy grants, and uses all of it', () => {
    const policy = hubPolicy('aws', org.world.auditRoleName);
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    const caller = calls.filter((c) => c.identity === 'caller');
    expect(caller.filter((c) => !grants(policy, c.action, c.resource, c.accountId)).map((c) => `${c.action} on ${c.resource} (${c.request})`)).toEqual([]);
    expect(actions.filter((a) => !caller.some((c) => c.action === a))).toEqual([]);
    // One AssumeRole per audited account, each of the member role by name.
    const assumed = caller.filter((c) => c.action === 'sts:AssumeRole').map((c) => c.resource);
    expect(new Set(assumed)).toEqual(new Set(runs[0]!.run.accounts.complete.map((id) => `arn:aws:iam::${id}:role/${org.world.auditRoleName}`)));
  });
});
