import type { Partition } from '../../../model/inventory.js';
import type { Random } from '../random.js';
import { emptyRegionState, type ExpectedFinding, type SimAccount, type SimRegionState, type SimRoute53State, type SimWorld } from '../world.js';
import type { Ids } from './ids.js';
import type { Organization } from './organization.js';

/** 2025-01-01T00:00:00Z: creation dates are drawn after it, so worlds do not depend on the clock. */
const EPOCH_MS = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;

/** Each VPC gets its own /22 of 10.0.0.0/8, so CIDRs never overlap anywhere in the organization. */
const VPC_BLOCKS = 1 << 14;

/**
 * The world under construction and what every builder needs: the seed's choices, unique ids,
 * lazily created account state, and the answer key.
 */
export class WorldBuilder {
  readonly partition: Partition = 'aws';
  private readonly accounts: Map<string, SimAccount>;
  private nextVpcBlock = 0;
  private readonly serviceNames = new Map<string, Set<string>>();

  constructor(
    readonly world: SimWorld,
    readonly rng: Random,
    readonly ids: Ids,
    readonly org: Organization,
  ) {
    this.accounts = new Map(world.accounts.map((a) => [a.id, a]));
  }

  account(accountId: string): SimAccount {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`no account ${accountId} in the generated organization`);
    return account;
  }

  accountName(accountId: string): string {
    return this.account(accountId).name;
  }

  /**
   * A region's state, created on first use with API Gateway's CloudWatch role set: every account
   * that runs APIs sets it once per region, and OPS-001 must only fire where a variant breaks it.
   */
  region(accountId: string, region: string): SimRegionState {
    const account = this.account(accountId);
    let state = account.regions[region];
    if (!state) {
      state = emptyRegionState();
      state.apigateway.account = {
        cloudwatchRoleArn: `arn:aws:iam::${accountId}:role/APIGatewayCloudWatchLogsRole`,
        throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
        features: ['UsagePlans'],
        apiKeyVersion: '4',
      };
      account.regions[region] = state;
    }
    return state;
  }

  route53(accountId: string): SimRoute53State {
    return this.account(accountId).route53;
  }

  /** A creation date in the 600 days after the epoch. */
  date(): Date {
    return new Date(EPOCH_MS + this.rng.int(0, 600) * DAY_MS + this.rng.int(0, DAY_MS - 1));
  }

  vpcCidr(): { cidr: string; base: number } {
    if (this.nextVpcBlock >= VPC_BLOCKS) throw new RangeError('10.0.0.0/8 is exhausted: too many VPCs for /22 blocks');
    const base = (10 << 24) + this.nextVpcBlock++ * 1024;
    return { cidr: `${ipv4(base)}/22`, base };
  }

  /** A service name unused in each of the accounts: it names resources, domains and records there. */
  serviceName(accountIds: string | readonly string[], wanted: string): string {
    const taken = (typeof accountIds === 'string' ? [accountIds] : accountIds).map((id) => {
      let names = this.serviceNames.get(id);
      if (!names) this.serviceNames.set(id, (names = new Set()));
      return names;
    });
    let name = wanted;
    for (let n = 2; taken.some((names) => names.has(name)); n++) name = `${wanted}${n}`;
    for (const names of taken) names.add(name);
    return name;
  }

  expect(finding: ExpectedFinding): void {
    this.world.answerKey.push(finding);
  }
}

export function ipv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
