import { Random } from '../random.js';
import type { SimWorld } from '../world.js';
import { InstanceContext } from './architectures/types.js';
import { Ids } from './ids.js';
import { NetworkHub } from './network-account.js';
import { addNoise } from './noise.js';
import { buildOrganization } from './organization.js';
import { planInstances } from './plan.js';
import { optInRegions } from './regions.js';
import { WorldBuilder } from './world-builder.js';

export { NOT_SIMULATED, PRIMARY_RESOURCE } from './answer-key.js';

export interface GenerateOptions {
  seed: number;
  /** At least 3: the management account, the network account and one workload account. */
  accounts: number;
  /** At least 2: regions[0] is the primary region, regions[1] the secondary of multi-Region instances. */
  regions: readonly string[];
}

const AUDIT_ROLE_NAME = 'PrivapiAuditRole';

/**
 * A whole organization built from the whitepaper's architectures, some broken on purpose, and
 * the answer key of what the checks must report. The same options always give the same world.
 */
export function generateWorld(opts: GenerateOptions): SimWorld {
  if (!Number.isInteger(opts.accounts) || opts.accounts < 3) throw new RangeError(`a generated organization needs at least 3 accounts, got ${opts.accounts}`);
  if (opts.regions.length < 2 || new Set(opts.regions).size !== opts.regions.length) {
    throw new RangeError(`a generated organization needs at least 2 distinct regions, got ${opts.regions.join(', ')}`);
  }
  const rng = new Random(opts.seed);
  const ids = new Ids(rng);
  const org = buildOrganization(rng, ids, opts.accounts);
  const world: SimWorld = {
    partition: 'aws',
    seed: opts.seed,
    managementAccountId: org.managementAccountId,
    rootId: org.rootId,
    auditRoleName: AUDIT_ROLE_NAME,
    organizationalUnits: org.units,
    accounts: org.accounts,
    regions: [...opts.regions.map((name) => ({ name, optIn: false })), ...optInRegions(opts.regions).map((name) => ({ name, optIn: true }))],
    answerKey: [],
    reachKey: [],
    architectures: [],
  };
  const b = new WorldBuilder(world, rng, ids, org);
  const hub = new NetworkHub(b, opts.regions);
  const plan = planInstances(rng, org.workloadAccountIds, opts.regions);
  const numbers = new Map<string, number>();
  for (const planned of plan.instances) {
    const n = (numbers.get(planned.spec.kind) ?? 0) + 1;
    numbers.set(planned.spec.kind, n);
    const ctx = new InstanceContext(b, hub, `${planned.spec.kind}#${n}`, planned.spec, planned.variant, planned.accounts, planned.regions);
    planned.spec.build(ctx);
    const variant = planned.spec.variants[planned.variant];
    world.architectures.push({
      id: ctx.id,
      kind: planned.spec.kind,
      variant: planned.variant,
      breaks: variant?.breaks.length ? [...variant.breaks] : ['correct'],
      accounts: ctx.accountsInvolved(),
      regions: planned.regions,
      description: `${planned.spec.description}: ${variant?.description ?? planned.variant}`,
    });
  }
  addNoise(b, plan.publicApiSites);
  return world;
}
