import { describe, expect, it } from 'vitest';
import { quota } from '../../src/cli/options.js';

describe('quota option parsing', () => {
  it('parses service and operation quotas and merges repeated flags', () => {
    expect(quota('apigateway:GetResources=2.5/5', quota('ec2=20/100'))).toEqual({ ec2: { rate: 20, burst: 100 }, 'apigateway:GetResources': { rate: 2.5, burst: 5 } });
    expect(() => quota('ec2=0/10')).toThrow(/RATE > 0/);
  });
});
