import { roleArn } from '../aws/credentials.js';
import type { Partition } from '../model/inventory.js';
import type { DeclaredCall } from './contract.js';
import { securityHubMemberCalls, stateTableCalls } from '../sinks/declared-calls.js';
import { hubCalls, memberAccountCalls } from './registry.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * Renders the least-privilege policy for a set of declared calls: each action gets the union of
 * the resources its calls need ("*" when any call needs it unscoped), then actions with the same
 * resources share one statement. Sorted throughout, so the output is stable and reviewable.
 */
export function renderPolicy(calls: readonly DeclaredCall[], partition: string): PolicyDocument {
  const resourcesByAction = new Map<string, Set<string>>();
  for (const call of calls) {
    const set = resourcesByAction.get(call.action) ?? new Set<string>();
    for (const r of call.resources?.length ? call.resources : ['*']) set.add(r);
    resourcesByAction.set(call.action, set);
  }
  const byResources = new Map<string, { resources: string[]; actions: string[] }>();
  for (const [action, set] of resourcesByAction) {
    const resources = set.has('*') ? ['*'] : [...set].map((r) => r.replaceAll('${Partition}', partition)).sort();
    const key = resources.join('\n');
    const group = byResources.get(key) ?? { resources, actions: [] };
    group.actions.push(action);
    byResources.set(key, group);
  }
  const statements = [...byResources.values()]
    .map(({ resources, actions }) => {
      const sorted = actions.sort();
      return { Sid: sidFor(sorted, resources), Effect: 'Allow' as const, Action: sorted, Resource: resources.length === 1 ? resources[0]! : resources };
    })
    .sort((a, b) => a.Sid.localeCompare(b.Sid));
  const seen = new Map<string, number>();
  for (const s of statements) {
    const n = (seen.get(s.Sid) ?? 0) + 1;
    seen.set(s.Sid, n);
    if (n > 1) s.Sid = `${s.Sid}${n}`;
  }
  return { Version: '2012-10-17', Statement: statements };
}

function sidFor(actions: readonly string[], resources: readonly string[]): string {
  const services = [...new Set(actions.map((a) => a.split(':')[0] ?? ''))];
  const name = services.map((s) => s.replace(/(^|[^a-z0-9])([a-z0-9])/gi, (_m, _p, c: string) => c.toUpperCase())).join('');
  const reads = actions.every((a) => /:(Get|List|Describe|Query|GET$)/.test(a));
  return `${name}${resources.includes('*') ? '' : 'Scoped'}${reads ? 'Read' : 'Write'}`.replace(/[^A-Za-z0-9]/g, '');
}

/** Read-only, plus importing the account's own findings into Security Hub. */
export function memberRolePolicy(partition: string): PolicyDocument {
  return renderPolicy([...memberAccountCalls(), ...securityHubMemberCalls], partition);
}

/**
 * The hub's own policy: discovery, AssumeRole and, with a table, the findings table. AssumeRole is limited to the member role name;
 * the account part stays "*" because the member accounts are not known when the policy is made.
 */
export function hubPolicy(partition: Partition, roleName: string, rolePath = '/', stateTable?: string): PolicyDocument {
  const memberRole = roleArn(partition, '*', roleName, rolePath);
  return renderPolicy(
    [...hubCalls.map((c) => (c.action === 'sts:AssumeRole' ? { ...c, resources: [memberRole] } : c)), ...(stateTable ? stateTableCalls(stateTable) : [])],
    partition,
  );
}
