import { describe } from 'vitest';
import { chaosSuite, SUITES } from './scenarios.js';

describe('fault injection: Security Hub and DynamoDB', () => {
  chaosSuite(SUITES.sinks);
});
