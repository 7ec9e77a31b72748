import { describe, expect, it } from 'vitest';
import { summarizeCollection } from '../../src/report/collection.js';
import type { CollectionStatus } from '../../src/model/inventory.js';

const denied = { operation: 'AssumeRole', code: 'AccessDenied', message: 'cannot assume the role' };

describe('summarizeCollection', () => {
  it('names one shared error once, with every service it failed', () => {
    const statuses: CollectionStatus[] = [
      { accountId: '111111111111', region: '*', service: 'apigateway', state: 'failed', errors: [denied] },
      { accountId: '111111111111', region: '*', service: 'ec2', state: 'failed', errors: [denied] },
      { accountId: '111111111111', region: '*', service: 'sts', state: 'failed', errors: [denied] },
    ];
    expect(summarizeCollection(statuses)).toEqual([
      { accountId: '111111111111', region: '*', state: 'failed', problems: ['apigateway, ec2, sts AssumeRole: AccessDenied - cannot assume the role'] },
    ]);
  });

  it('keeps the worst state per account-region and distinct errors apart, with their resource', () => {
    const statuses: CollectionStatus[] = [
      { accountId: '222222222222', region: 'us-east-1', service: 'ec2', state: 'complete', errors: [] },
      { accountId: '222222222222', region: 'us-east-1', service: 'apigateway', state: 'partial', errors: [{ operation: 'GetStages', code: 'TooManyRequestsException', message: 'Rate exceeded', resource: 'a1' }] },
      { accountId: '222222222222', region: 'us-east-1', service: 'elbv2', state: 'failed', errors: [{ operation: 'DescribeLoadBalancers', code: 'AccessDenied', message: 'AccessDenied' }] },
      { accountId: '111111111111', region: 'us-east-1', service: 'ec2', state: 'complete', errors: [] },
    ];
    expect(summarizeCollection(statuses)).toEqual([
      { accountId: '111111111111', region: 'us-east-1', state: 'complete', problems: [] },
      {
        accountId: '222222222222',
        region: 'us-east-1',
        state: 'failed',
        problems: ['apigateway GetStages (a1): TooManyRequestsException - Rate exceeded', 'elbv2 DescribeLoadBalancers: AccessDenied'],
      },
    ]);
  });
});
