import type { HopId } from '../../../../reach/model.js';
import type { ExpectedClient, ExpectedFinding } from '../../world.js';
import type { ApiHandle } from '../apigateway/rest-api.js';
import type { ZoneHandle } from '../dns/route53.js';
import type { HubRegion, NetworkHub } from '../network-account.js';
import type { WorldBuilder } from '../world-builder.js';

export interface VariantSpec {
  /** The check ids this variant must make fire; empty for a variant that must trigger none. */
  breaks: readonly string[];
  description: string;
  /** Creates a REGIONAL API beside the instance's (DNS-003 placement: see plan.ts). */
  publicApi?: boolean;
  /** How AWS treats the clients the break affects (see InstanceContext.expectReach); they reach the API when absent. */
  reach?: ReachEffect;
}

/** What a break does to the clients it affects; "unknown" where AWS leaves the behaviour undocumented. */
export interface ReachEffect {
  status: 'unreachable' | 'unknown';
  hop: HopId;
}

export interface ArchitectureSpec {
  kind: string;
  description: string;
  /** Workload accounts an instance spans: the second hosts the backend. */
  workloadAccounts: 1 | 2;
  /** Spans regions[0] (primary) and regions[1] (secondary). */
  multiRegion: boolean;
  /** Instances create a VPC with an execute-api endpoint with private DNS (DNS-003 placement). */
  privateDns: boolean;
  variants: Readonly<Record<string, VariantSpec>>;
  build(ctx: InstanceContext): void;
}

type Located = Pick<ExpectedFinding, 'accountId' | 'region' | 'resource'>;

/** What an architecture builder gets: the world, its placement, and the answer key of its variant. */
export class InstanceContext {
  private readonly involved: Set<string>;

  constructor(
    readonly b: WorldBuilder,
    private readonly networkHub: NetworkHub,
    readonly id: string,
    readonly spec: ArchitectureSpec,
    readonly variant: string,
    readonly accounts: readonly string[],
    readonly regions: readonly string[],
  ) {
    this.involved = new Set(accounts);
  }

  get account(): string {
    return this.accounts[0] ?? '';
  }

  get region(): string {
    return this.regions[0] ?? '';
  }

  is(...variants: string[]): boolean {
    return variants.includes(this.variant);
  }

  hub(region: string): HubRegion {
    this.involved.add(this.networkHub.accountId);
    return this.networkHub.region(region);
  }

  hubZone(accountId: string): ZoneHandle {
    this.involved.add(this.networkHub.accountId);
    return this.networkHub.zoneFor(accountId);
  }

  /** A region of the world other than the given one (the hub exists in every region). */
  otherRegion(region: string): string {
    const regions = this.b.world.regions.filter((r) => !r.optIn).map((r) => r.name);
    return regions.find((r) => r !== region) ?? region;
  }

  /**
   * Adds to the answer key one finding per resource the variant breaks, for every check id it
   * names: deriving the key from `breaks` keeps the two from drifting apart.
   */
  expectBreaks(findingsOf: (checkId: string) => Located | Located[]): void {
    for (const checkId of this.spec.variants[this.variant]?.breaks ?? []) {
      const found = findingsOf(checkId);
      for (const f of Array.isArray(found) ? found : [found]) this.b.expect({ checkId, ...f, architecture: this.id, variant: this.variant });
    }
  }

  /**
   * Adds a private API's intended clients to the reachability key: the `affected` ones meet the
   * variant's `reach` effect, the others reach the API. Deriving the effect from the variant keeps
   * the key beside what the variant breaks.
   */
  expectReach(api: Pick<ApiHandle, 'arn' | 'accountId' | 'region'>, affected: readonly string[], unaffected: readonly string[] = []): void {
    const effect = this.spec.variants[this.variant]?.reach;
    const reaching = (clientId: string): ExpectedClient => ({ clientId, status: 'reachable' });
    const intended = [...affected.map((clientId) => (effect ? { clientId, ...effect } : reaching(clientId))), ...unaffected.map(reaching)];
    this.b.world.reachKey.push({ apiArn: api.arn, accountId: api.accountId, region: api.region, architecture: this.id, variant: this.variant, intended });
  }

  accountsInvolved(): string[] {
    return [...this.involved];
  }
}

export function unexpectedCheck(kind: string, checkId: string): never {
  throw new Error(`${kind} has no finding for ${checkId}`);
}
