import { describe, expect, it } from 'vitest';
import { chaosScenarios } from '../../src/chaos/scenarios.js';
import { chaosSuite, SUITES } from './scenarios.js';

describe('fault injection: Lambda time, workers and retries', () => {
  chaosSuite(SUITES.hub);
});

describe('the chaos suite', () => {
  it('runs every scenario of npm run chaos exactly once across its files', () => {
    expect(Object.values(SUITES).flat().sort()).toEqual(chaosScenarios.map((s) => s.id).sort());
  });
});
