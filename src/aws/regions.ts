import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { DeclaredCall } from '../collectors/contract.js';

export const regionDiscoveryDeclares: readonly DeclaredCall[] = [{ operation: 'DescribeRegions', action: 'ec2:DescribeRegions' }];

export interface RegionAvailability {
  enabled: string[];
  /** Opt-in regions this account has not enabled. */
  notEnabled: string[];
}

/** One call per account: which regions it has enabled (opt-in regions included only when opted in). */
export async function regionAvailability(ec2: EC2Client): Promise<RegionAvailability> {
  const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
  const enabled: string[] = [];
  const notEnabled: string[] = [];
  for (const r of out.Regions ?? []) {
    if (!r.RegionName) continue;
    (r.OptInStatus === 'not-opted-in' ? notEnabled : enabled).push(r.RegionName);
  }
  return { enabled: enabled.sort(), notEnabled: notEnabled.sort() };
}
