import { InvalidArgumentError } from 'commander';

/** Accepts "a,b c" across repeated flags: `--regions us-east-1,eu-west-1` or `--regions us-east-1 eu-west-1`. */
export function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(/[\s,]+/).filter(Boolean)];
}

export function accountIds(value: string, previous: string[] = []): string[] {
  const ids = list(value);
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (bad.length) throw new InvalidArgumentError(`not a 12-digit account id: ${bad.join(', ')}`);
  return [...previous, ...ids];
}

export function regions(value: string, previous: string[] = []): string[] {
  const names = list(value);
  const bad = names.filter((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
  if (bad.length) throw new InvalidArgumentError(`not a region name: ${bad.join(', ')} (expected e.g. us-east-1)`);
  return [...previous, ...names];
}

export function ous(value: string, previous: string[] = []): string[] {
  const ids = list(value);
  const bad = ids.filter((id) => !/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(id));
  if (bad.length) throw new InvalidArgumentError(`not an OU or root id: ${bad.join(', ')} (expected ou-xxxx-xxxxxxxx or r-xxxx)`);
  return [...previous, ...ids];
}

/** "ec2=20/100" or "apigateway:GetResources=2.5/5": a sustained rate per second and a burst. */
export function quota(value: string, previous: Record<string, { rate: number; burst: number }> = {}): Record<string, { rate: number; burst: number }> {
  const m = /^([a-z0-9]+(?::[A-Za-z]+)?)=(\d+(?:\.\d+)?)\/(\d+)$/.exec(value.trim());
  const rate = Number(m?.[2]);
  const burst = Number(m?.[3]);
  if (!m || !(rate > 0) || !(burst >= 1)) throw new InvalidArgumentError(`expected SERVICE[:Operation]=RATE/BURST with RATE > 0 and BURST >= 1, e.g. ec2=20/100, got "${value}"`);
  return { ...previous, [m[1]!]: { rate, burst } };
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
