import { describe } from 'vitest';
import { chaosSuite, SUITES } from './scenarios.js';

describe('fault injection: collection', () => {
  chaosSuite(SUITES.collection);
});
