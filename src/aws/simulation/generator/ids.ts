import type { Random } from '../random.js';

/**
 * AWS-shaped identifiers drawn from the seed. Every id is unique across the whole world, so a
 * check that joins resources by id can never match two things by accident.
 */
export class Ids {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Random) {}

  private unique(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  account(): string {
    return this.unique(() => this.rng.digits(12));
  }

  /** EC2 and Resolver style: vpc-0a1b2c3d4e5f67890 (17 hex digits). */
  ec2(prefix: string): string {
    return this.unique(() => `${prefix}-${this.rng.hex(17)}`);
  }

  /** API Gateway REST API and domain name ids: 10 base-36 characters. */
  apiId(): string {
    return this.unique(() => this.rng.alnum(10));
  }

  /** Resource, authorizer and VPC link ids are shorter. */
  short(length = 6): string {
    return this.unique(() => this.rng.alnum(length));
  }

  /** Load balancer and target group ARN suffixes. */
  hex(length: number): string {
    return this.unique(() => this.rng.hex(length));
  }

  /** Route 53 hosted zone ids: Z0 and 19 upper-case base-36 characters. */
  hostedZone(): string {
    return this.unique(() => `Z0${this.rng.alnum(19).toUpperCase()}`);
  }

  uuid(): string {
    return this.unique(() => {
      const h = this.rng.hex(32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    });
  }
}
