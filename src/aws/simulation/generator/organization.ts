import type { Random } from '../random.js';
import { emptyRoute53State, type SimAccount, type SimOrganizationalUnit } from '../world.js';
import type { Ids } from './ids.js';

const TEAMS = [
  'payments', 'orders', 'catalog', 'billing', 'identity', 'shipping', 'inventory', 'pricing', 'search', 'reviews',
  'loyalty', 'ledger', 'fraud', 'notifications', 'reporting', 'claims', 'quotes', 'partners', 'support', 'media',
];
const ENVIRONMENTS = ['prod', 'dev', 'staging'];

export interface Organization {
  rootId: string;
  units: SimOrganizationalUnit[];
  accounts: SimAccount[];
  managementAccountId: string;
  networkAccountId: string;
  /** ACTIVE workload accounts, in creation order: where architecture instances go. */
  workloadAccountIds: string[];
  /** The organization id (o-…), for policies that name it. */
  organizationId: string;
}

/**
 * Root → Infrastructure (network), Workloads → Prod / NonProd, and Suspended: the layout the
 * AWS multi-account guidance recommends, with the management account under the root.
 */
export function buildOrganization(rng: Random, ids: Ids, accountCount: number): Organization {
  const rootSuffix = rng.alnum(4);
  const rootId = `r-${rootSuffix}`;
  const ou = (name: string, parentId: string): SimOrganizationalUnit => ({ id: `ou-${rootSuffix}-${rng.alnum(8)}`, name, parentId });
  const infrastructure = ou('Infrastructure', rootId);
  const workloads = ou('Workloads', rootId);
  const prod = ou('Prod', workloads.id);
  const nonProd = ou('NonProd', workloads.id);
  const suspendedOu = ou('Suspended', rootId);

  const account = (name: string, parentId: string): SimAccount => {
    const id = ids.account();
    return {
      id,
      name,
      email: `aws+${name}@example.com`,
      status: 'ACTIVE',
      parentId,
      optedInRegions: [],
      roleDeployed: true,
      regions: {},
      route53: emptyRoute53State(),
    };
  };
  const management = account('management', rootId);
  const network = account('network', infrastructure.id);
  const workloadAccounts = workloadNames(accountCount - 2).map(({ name, env }) => account(name, env === 'prod' ? prod.id : nonProd.id));

  // Closed accounts linger as SUSPENDED for 90 days: the audit must skip them without failing.
  if (accountCount >= 10) {
    const suspended = rng.pick(workloadAccounts);
    suspended.status = 'SUSPENDED';
    suspended.parentId = suspendedOu.id;
  }
  return {
    rootId,
    units: [infrastructure, workloads, prod, nonProd, suspendedOu],
    accounts: [management, network, ...workloadAccounts],
    managementAccountId: management.id,
    networkAccountId: network.id,
    workloadAccountIds: workloadAccounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id),
    organizationId: `o-${rng.alnum(10)}`,
  };
}

/** payments-prod, payments-dev, payments-staging, orders-prod, …; numbered once the pairs run out. */
function workloadNames(count: number): Array<{ name: string; env: string }> {
  const names: Array<{ name: string; env: string }> = [];
  const pairs = TEAMS.length * ENVIRONMENTS.length;
  for (let i = 0; i < count; i++) {
    const team = TEAMS[Math.floor(i / ENVIRONMENTS.length) % TEAMS.length] ?? 'team';
    const env = ENVIRONMENTS[i % ENVIRONMENTS.length] ?? 'dev';
    const round = Math.floor(i / pairs);
    names.push({ name: round === 0 ? `${team}-${env}` : `${team}-${env}-${round + 1}`, env });
  }
  return names;
}
