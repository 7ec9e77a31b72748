import { describe, expect, it } from 'vitest';
import { coverageOf } from '../../src/engine/coverage.js';
import { collectionOutcome } from '../../src/engine/run-record.js';
import type { CheckResult } from '../../src/model/check.js';
import { emptyRegional, type CollectionStatus, type Snapshot } from '../../src/model/inventory.js';
import { ACCOUNT_A, ACCOUNT_B, snapshotWith } from '../helpers/snapshot-builder.js';

const CHECKS = [
  { id: 'POLICY-002', requires: ['apigateway'] as const },
  { id: 'VPCE-001', requires: ['ec2', 'apigateway'] as const },
  { id: 'R53-001', requires: ['route53'] as const },
];

function snapshot(mutate: (collections: CollectionStatus[]) => CollectionStatus[] = (c) => c): Snapshot {
  const base = snapshotWith([emptyRegional(ACCOUNT_A, 'us-east-1'), emptyRegional(ACCOUNT_A, 'eu-west-1'), emptyRegional(ACCOUNT_B, 'us-east-1')]);
  const global = [ACCOUNT_A, ACCOUNT_B].map((accountId) => ({ accountId, region: 'global', service: 'route53' as const, state: 'complete' as const, errors: [] }));
  return { ...base, collections: mutate([...base.collections, ...global]) };
}

const degrade = (accountId: string, region: string, service: string, state: CollectionStatus['state']) => (c: CollectionStatus[]) =>
  c.map((s) => (s.accountId === accountId && s.region === region && s.service === service ? { ...s, state, errors: [{ operation: 'X', code: 'AccessDenied', message: 'denied' }] } : s));

const error = (checkId: string, accountId: string, region: string): CheckResult => ({
  checkId, status: 'ERROR', accountId, region, resource: { arn: 'x', type: 'Other' }, related: [], severity: 'HIGH', message: 'inventory missing',
});

describe('coverageOf', () => {
  it('is complete where every service the check reads was collected', () => {
    const cov = coverageOf(snapshot(), CHECKS, []);
    expect(cov(ACCOUNT_A, 'us-east-1', 'POLICY-002')).toBe('complete');
    expect(cov(ACCOUNT_A, 'global', 'R53-001')).toBe('complete');
  });

  it('is incomplete where one required service is partial or failed, only for checks that read it', () => {
    const cov = coverageOf(snapshot(degrade(ACCOUNT_A, 'us-east-1', 'ec2', 'partial')), CHECKS, []);
    expect(cov(ACCOUNT_A, 'us-east-1', 'VPCE-001')).toBe('incomplete');
    expect(cov(ACCOUNT_A, 'us-east-1', 'POLICY-002')).toBe('complete');
    expect(cov(ACCOUNT_A, 'eu-west-1', 'VPCE-001')).toBe('complete');
  });

  it('reads Route 53 from the account\'s global collection whatever region the result is in', () => {
    const cov = coverageOf(snapshot(degrade(ACCOUNT_B, 'global', 'route53', 'failed')), CHECKS, []);
    expect(cov(ACCOUNT_B, 'global', 'R53-001')).toBe('incomplete');
    expect(cov(ACCOUNT_A, 'global', 'R53-001')).toBe('complete');
  });

  it('is incomplete where the check reported an ERROR in that account and region, or crashed', () => {
    const cov = coverageOf(snapshot(), CHECKS, [error('POLICY-002', ACCOUNT_A, 'us-east-1')], ['VPCE-001']);
    expect(cov(ACCOUNT_A, 'us-east-1', 'POLICY-002')).toBe('incomplete');
    expect(cov(ACCOUNT_A, 'eu-west-1', 'POLICY-002')).toBe('complete');
    expect(cov(ACCOUNT_B, 'us-east-1', 'VPCE-001')).toBe('incomplete');
  });

  it('is incomplete everywhere for an account that could not be read at all', () => {
    const failed = (c: CollectionStatus[]) => [...c.filter((s) => s.accountId !== ACCOUNT_B), { accountId: ACCOUNT_B, region: '*', service: 'sts' as const, state: 'failed' as const, errors: [] }];
    const cov = coverageOf(snapshot(failed), CHECKS, []);
    expect(cov(ACCOUNT_B, 'us-east-1', 'POLICY-002')).toBe('incomplete');
    expect(cov(ACCOUNT_B, 'ap-south-1', 'POLICY-002')).toBe('incomplete');
  });

  it('is outside for accounts, regions and checks the run did not cover', () => {
    const cov = coverageOf(snapshot(), CHECKS.slice(0, 1), []);
    expect(cov('999999999999', 'us-east-1', 'POLICY-002')).toBe('outside');
    expect(cov(ACCOUNT_B, 'eu-west-1', 'POLICY-002')).toBe('outside');
    expect(cov(ACCOUNT_A, 'us-east-1', 'VPCE-001')).toBe('outside');
  });
});

describe('collectionOutcome', () => {
  it('sorts accounts and account × region pairs into complete, partial and failed', () => {
    const s = snapshot((c) => degrade(ACCOUNT_B, 'us-east-1', 'ec2', 'failed')(c));
    expect(collectionOutcome(s)).toEqual({ accounts: { complete: [ACCOUNT_A], partial: [ACCOUNT_B], failed: [] }, regions: { complete: 4, partial: 1, failed: 0 } });
  });

  it('an account failed before its regions were known is failed, and a region not opted into counts for nothing', () => {
    const s = snapshot((c) => [
      ...c.filter((x) => x.accountId !== ACCOUNT_B),
      { accountId: ACCOUNT_B, region: '*', service: 'sts', state: 'failed', errors: [] },
      { accountId: ACCOUNT_A, region: 'me-south-1', service: 'ec2', state: 'skipped', errors: [] },
    ]);
    expect(collectionOutcome(s)).toEqual({ accounts: { complete: [ACCOUNT_A], partial: [], failed: [ACCOUNT_B] }, regions: { complete: 3, partial: 0, failed: 0 } });
  });
});
