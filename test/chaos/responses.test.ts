import { describe } from 'vitest';
import { chaosSuite, SUITES } from './scenarios.js';

describe('fault injection: malformed responses', () => {
  chaosSuite(SUITES.responses);
});
