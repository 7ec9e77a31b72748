import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { runCatalog } from '../../src/engine/run-checks.js';
import { defineCheck } from '../../src/model/check.js';
import { snapshotWith } from '../helpers/snapshot-builder.js';

describe('runCatalog', () => {
  it('runs every registered check over a snapshot', () => {
    const { results, crashed } = runCatalog(checks, snapshotWith());
    expect(crashed).toEqual([]);
    expect(results.every((r) => checks.some((c) => c.id === r.checkId))).toBe(true);
  });

  it('turns a check that throws into one ERROR result and keeps going', () => {
    const broken = defineCheck({
      id: 'TEST-001',
      title: 'A check that throws',
      severity: 'LOW',
      resourceType: 'Other',
      requires: [],
      remediation: { text: 'none', url: 'https://docs.aws.amazon.com/' },
      references: [],
      messages: { x: 'x' },
      evaluate: () => {
        throw new Error('boom');
      },
    });
    const fine = defineCheck({
      ...broken,
      id: 'TEST-002',
      evaluate: (_inventory, report) => [report.pass({ accountId: '111111111111', region: 'us-east-1' }, { arn: 'arn:aws:test', type: 'Other' })],
    });
    const { results, crashed } = runCatalog([broken, fine], snapshotWith());
    expect(crashed).toEqual([{ checkId: 'TEST-001', message: 'check TEST-001 failed to evaluate: boom' }]);
    expect(results.find((r) => r.checkId === 'TEST-001')).toMatchObject({ status: 'ERROR', messageId: 'checkCrashed' });
    expect(results.find((r) => r.checkId === 'TEST-002')?.status).toBe('PASS');
  });
});
