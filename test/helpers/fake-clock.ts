import type { Clock } from '../../src/aws/rate-limit.js';

/** Virtual time: sleep() resolves at once and moves the clock forward by the time slept. */
export class FakeClock implements Clock {
  t = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
