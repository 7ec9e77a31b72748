import { InvalidArgumentError } from 'commander';

/** The shapes flags and the config file both accept; one definition so the two cannot drift. */
export const ACCOUNT_ID = /^\d{12}$/;
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const OU_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
export const QUOTA_KEY = /^[a-z0-9]+(?::[A-Za-z]+)?$/;
export const QUOTA_VALUE = /^(\d+(?:\.\d+)?)\/(\d+)$/;

export type Quotas = Record<string, { rate: number; burst: number }>;

/** "20/100" → a sustained rate of 20/s and a burst of 100; undefined when malformed or not positive. */
export function rateAndBurst(value: string): { rate: number; burst: number } | undefined {
  const m = QUOTA_VALUE.exec(value.trim());
  const rate = Number(m?.[1]);
  const burst = Number(m?.[2]);
  return m && rate > 0 && burst >= 1 ? { rate, burst } : undefined;
}

/** Accepts "a,b c" across repeated flags: `--regions us-east-1,eu-west-1` or `--regions us-east-1 eu-west-1`. */
export function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(/[\s,]+/).filter(Boolean)];
}

export function accountIds(value: string, previous: string[] = []): string[] {
  const ids = list(value);
  const bad = ids.filter((id) => !ACCOUNT_ID.test(id));
  if (bad.length) throw new InvalidArgumentError(`not a 12-digit account id: ${bad.join(', ')}`);
  return [...previous, ...ids];
}

export function regions(value: string, previous: string[] = []): string[] {
  const names = list(value);
  const bad = names.filter((r) => !REGION_NAME.test(r));
  if (bad.length) throw new InvalidArgumentError(`not a region name: ${bad.join(', ')} (expected e.g. us-east-1)`);
  return [...previous, ...names];
}

export function region(value: string): string {
  if (!REGION_NAME.test(value)) throw new InvalidArgumentError(`not a region name: ${value} (expected e.g. us-east-1)`);
  return value;
}

export function ous(value: string, previous: string[] = []): string[] {
  const ids = list(value);
  const bad = ids.filter((id) => !OU_ID.test(id));
  if (bad.length) throw new InvalidArgumentError(`not an OU or root id: ${bad.join(', ')} (expected ou-xxxx-xxxxxxxx or r-xxxx)`);
  return [...previous, ...ids];
}

/** "ec2=20/100" or "apigateway:GetResources=2.5/5": a sustained rate per second and a burst. */
export function quota(value: string, previous: Quotas = {}): Quotas {
  const [key = '', spec = ''] = value.trim().split('=', 2);
  const parsed = QUOTA_KEY.test(key) ? rateAndBurst(spec) : undefined;
  if (!parsed) throw new InvalidArgumentError(`expected SERVICE[:Operation]=RATE/BURST with RATE > 0 and BURST >= 1, e.g. ec2=20/100, got "${value}"`);
  return { ...previous, [key]: parsed };
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got "${value}"`);
  return n;
}
