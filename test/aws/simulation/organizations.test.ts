import {
  AccessDeniedException,
  InvalidInputException,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
  ParentNotFoundException,
  TooManyRequestsException,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallStats } from '../../../src/aws/call-stats.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { discoverAccounts } from '../../../src/aws/organization.js';
import { RateLimiters } from '../../../src/aws/rate-limit.js';
import type { SimulatedAws } from '../../../src/aws/simulation/server.js';
import type { SimWorld } from '../../../src/aws/simulation/world.js';
import { silentLogger } from '../../helpers/collector-context.js';
import { MEMBER, MGMT, OTHER, simAccount, simClientConfig, simWorld, simulate } from '../../helpers/sim-world.js';

const WORKLOADS = 'ou-root-workload';
const PROD = 'ou-root-prod0001';
const DEV = 'ou-root-dev00001';
const SECURITY = 'ou-root-security';
const A4 = '400000000004';
const A5 = '500000000005';
const A6 = '600000000006';
const A7 = '700000000007';

// r-root: management, A6 (PENDING_CLOSURE)
//   Workloads: MEMBER
//     Prod: OTHER, A4 (SUSPENDED), A5
//     Dev: A7
//   Security: (empty)
function world(): SimWorld {
  return simWorld(
    [
      simAccount(MEMBER, { parentId: WORKLOADS }),
      simAccount(OTHER, { parentId: PROD, name: 'prod-orders' }),
      simAccount(A4, { parentId: PROD, status: 'SUSPENDED' }),
      simAccount(A5, { parentId: PROD }),
      simAccount(A6, { parentId: 'r-root', status: 'PENDING_CLOSURE' }),
      simAccount(A7, { parentId: DEV }),
    ],
    {
      organizationalUnits: [
        { id: WORKLOADS, name: 'Workloads', parentId: 'r-root' },
        { id: PROD, name: 'Prod', parentId: WORKLOADS },
        { id: DEV, name: 'Dev', parentId: WORKLOADS },
        { id: SECURITY, name: 'Security', parentId: 'r-root' },
      ],
    },
  );
}

function client(sim: SimulatedAws, accountId = MGMT, maxAttempts = 1): OrganizationsClient {
  return new OrganizationsClient(simClientConfig(sim, accountId, 'us-east-1', maxAttempts));
}

async function all<P>(pages: AsyncIterable<P>): Promise<P[]> {
  const out: P[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('simulated Organizations', () => {
  it('lists every account over several pages, in order, with ARN, state and join details', async () => {
    const pages = await all(paginateListAccounts({ client: client(simulate(world(), { pageSize: 2 })) }, {}));
    expect(pages.map((p) => p.Accounts?.map((a) => a.Id))).toEqual([[MGMT, MEMBER], [OTHER, A4], [A5, A6], [A7]]);
    const accounts = pages.flatMap((p) => p.Accounts ?? []);
    expect(accounts[0]).toMatchObject({ Name: 'management', Email: `aws+${MGMT}@example.com`, Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: 'INVITED' });
    expect(accounts[0]?.Arn).toMatch(new RegExp(`^arn:aws:organizations::${MGMT}:account/o-[a-z0-9]{10,32}/${MGMT}$`));
    expect(accounts[0]?.JoinedTimestamp).toBeInstanceOf(Date);
    expect(accounts[1]).toMatchObject({ JoinedMethod: 'CREATED' });
    expect(accounts[3]).toMatchObject({ Id: A4, Status: 'SUSPENDED', State: 'SUSPENDED' });
  });

  it('lists the root, and the accounts and OUs under each parent', async () => {
    const c = client(simulate(world(), { pageSize: 2 }));
    const roots = await c.send(new ListRootsCommand({}));
    expect(roots.Roots).toEqual([{ Id: 'r-root', Name: 'Root', Arn: expect.stringMatching(new RegExp(`^arn:aws:organizations::${MGMT}:root/o-[a-z0-9]+/r-root$`)), PolicyTypes: [] }]);

    const prod = await all(paginateListAccountsForParent({ client: c }, { ParentId: PROD }));
    expect(prod.map((p) => p.Accounts?.map((a) => a.Id))).toEqual([[OTHER, A4], [A5]]);
    const underRoot = await all(paginateListOrganizationalUnitsForParent({ client: c }, { ParentId: 'r-root' }));
    expect(underRoot.flatMap((p) => p.OrganizationalUnits ?? []).map((ou) => [ou.Id, ou.Name])).toEqual([[WORKLOADS, 'Workloads'], [SECURITY, 'Security']]);
    const leaf = await all(paginateListOrganizationalUnitsForParent({ client: c }, { ParentId: PROD }));
    expect(leaf.flatMap((p) => p.OrganizationalUnits ?? [])).toEqual([]);
  });

  it('denies member accounts with AccessDeniedException (400)', async () => {
    const call = client(simulate(world()), MEMBER).send(new ListAccountsCommand({}));
    await expect(call).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(call).rejects.toMatchObject({ message: "You don't have permissions to access this resource.", $metadata: { httpStatusCode: 400 } });
  });

  it('rejects an unknown parent, a page size above 20 and a token of another listing', async () => {
    const c = client(simulate(world(), { pageSize: 2 }));
    await expect(c.send(new ListAccountsForParentCommand({ ParentId: 'ou-root-nowhere0' }))).rejects.toBeInstanceOf(ParentNotFoundException);
    await expect(c.send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toBeInstanceOf(InvalidInputException);
    const first = await c.send(new ListAccountsCommand({}));
    await expect(c.send(new ListAccountsForParentCommand({ ParentId: PROD, NextToken: first.NextToken }))).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('throttles with TooManyRequestsException (400), which the SDK retries', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let t = 0;
    const sim = simulate(world(), { quotas: { organizations: { rate: 1, burst: 1 } }, clock: { now: () => (t += 500), sleep: async () => {} } });
    const c = client(sim, MGMT, 3);
    await c.send(new ListRootsCommand({}));
    const out = await c.send(new ListRootsCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect(sim.metrics.throttled).toBe(1);

    const storm = client(simulate(world(), { faults: { throttlingStorm: { probability: 1 } } })).send(new ListRootsCommand({}));
    await expect(storm).rejects.toBeInstanceOf(TooManyRequestsException);
    await expect(storm).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });
});

describe('account discovery against the simulation', () => {
  /** A fresh simulation per run: one discovery stays within Organizations' burst, so nothing waits. */
  function orgClient(): OrganizationsClient {
    const sim = simulate(world(), { pageSize: 2 });
    const factory = new ClientFactory({ settings: { maxAttempts: 3, retryMode: 'standard', requestHandler: sim }, limiters: new RateLimiters(), stats: new CallStats() });
    return factory.organizations('us-east-1', async () => sim.callerCredentials(), MGMT);
  }

  it('places every account in its nested OU path and skips inactive ones', async () => {
    const { accounts, skipped } = await discoverAccounts(orgClient(), {}, silentLogger);
    expect(accounts.map((a) => [a.id, a.ouPath, a.ouIds])).toEqual([
      [MGMT, [], ['r-root']],
      [MEMBER, ['Workloads'], ['r-root', WORKLOADS]],
      [OTHER, ['Workloads', 'Prod'], ['r-root', WORKLOADS, PROD]],
      [A5, ['Workloads', 'Prod'], ['r-root', WORKLOADS, PROD]],
      [A7, ['Workloads', 'Dev'], ['r-root', WORKLOADS, DEV]],
    ]);
    expect(accounts[2]).toMatchObject({ name: 'prod-orders', status: 'ACTIVE' });
    expect(skipped).toEqual([
      { id: A4, name: `account-${A4.slice(-4)}`, reason: 'account is SUSPENDED' },
      { id: A6, name: `account-${A6.slice(-4)}`, reason: 'account is PENDING_CLOSURE' },
    ]);

    const prodOnly = await discoverAccounts(orgClient(), { ous: [PROD] }, silentLogger);
    expect(prodOnly.accounts.map((a) => a.id)).toEqual([OTHER, A5]);
  });
});
