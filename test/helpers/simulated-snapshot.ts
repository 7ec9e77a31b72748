import { createAwsEnvironment } from '../../src/aws/environment.js';
import { UNLIMITED_QUOTAS } from '../../src/aws/simulation/organization.js';
import { generateWorld } from '../../src/aws/simulation/generator/index.js';
import { serveWorld } from '../../src/aws/simulation/organization.js';
import type { SimWorld } from '../../src/aws/simulation/world.js';
import { collectInventory } from '../../src/collectors/run.js';
import type { Snapshot } from '../../src/model/inventory.js';
import { silentLogger } from './collector-context.js';

const cache = new Map<string, Promise<{ world: SimWorld; snapshot: Snapshot }>>();

/**
 * The generated organization (12 accounts x 2 regions by default) collected through the real
 * collectors: what the checks run on in answer-key tests. Cached per seed within a test file.
 */
export function simulatedSnapshot(seed = 11, accounts = 12, regions: readonly string[] = ['us-east-1', 'eu-west-1']): Promise<{ world: SimWorld; snapshot: Snapshot }> {
  const key = `${seed}|${accounts}|${regions.join(',')}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = (async () => {
      const world = generateWorld({ seed, accounts, regions });
      const org = serveWorld(world, { quotas: UNLIMITED_QUOTAS });
      const env = await createAwsEnvironment({ ...org.aws, maxAttempts: 3, retryMode: 'standard', quotas: UNLIMITED_QUOTAS });
      const { snapshot } = await collectInventory(
        { mode: 'organization', filters: {}, assumeRole: { roleName: world.auditRoleName, callerUsesOwnCredentials: true }, homeRegion: env.homeRegion, accountConcurrency: 6 },
        { factory: env.factory, baseCredentials: env.baseCredentials, log: silentLogger, runId: 'answer-key', version: 'test' },
      );
      return { world, snapshot };
    })();
    cache.set(key, pending);
  }
  return pending;
}
