import type { CheckDefinition } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import type { Snapshot } from '../model/inventory.js';
import { resourceTags } from '../model/resource-tags.js';
import { coverageOf } from './coverage.js';
import { diffRun, type DiffOutput } from './lifecycle.js';
import { matchMutelist, type LocatedEntry } from './mutelist.js';
import { runCatalog, type CatalogRun } from './run-checks.js';

export interface EvaluationInput {
  snapshot: Snapshot;
  checks: readonly CheckDefinition[];
  runId: string;
  startedAt: string;
  /** The findings of earlier runs; none means every failing result is NEW and nothing resolves. */
  previous?: readonly Finding[];
  mutelist?: readonly LocatedEntry[];
}

export interface Evaluation extends CatalogRun, DiffOutput {
  /** Expired mutelist entries (by where they are written) and how many findings each used to cover. */
  expiredHits: ReadonlyMap<string, number>;
}

/**
 * Checks, coverage, mutelist and lifecycle over one snapshot: everything an audit concludes
 * before it touches a sink. Pure, so `privapi report --snapshot` gives what an audit gives.
 */
export function evaluateSnapshot(input: EvaluationInput): Evaluation {
  const { snapshot, checks, runId, startedAt } = input;
  const catalog = runCatalog(checks, snapshot);
  const today = startedAt.slice(0, 10);
  const tags = resourceTags(snapshot);
  const mutelist = input.mutelist ?? [];
  const expiredHits = new Map<string, number>();
  const diff = diffRun({
    runId,
    startedAt,
    results: catalog.results,
    checks: new Map(checks.map((c) => [c.id, { title: c.title, remediation: c.remediation }])),
    coverage: coverageOf(snapshot, checks, catalog.results, catalog.crashed.map((c) => c.checkId)),
    previous: input.previous ?? [],
    muteOf: (result) => {
      const match = matchMutelist(mutelist, { checkId: result.checkId, accountId: result.accountId, region: result.region, resourceArn: result.resource.arn, tags: tags.get(result.resource.arn) ?? {} }, today);
      for (const e of match.expired) expiredHits.set(e.where, (expiredHits.get(e.where) ?? 0) + 1);
      return match.mute;
    },
  });
  return { ...catalog, ...diff, expiredHits };
}
