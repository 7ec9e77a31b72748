/** Region-derived names AWS uses: AZ ids, and the service-owned hosted zones aliases point at. */

const DIRECTIONS: Readonly<Record<string, string>> = { northeast: 'ne', southeast: 'se', northwest: 'nw', southwest: 'sw' };

/** us-east-1 → use1, ap-southeast-2 → apse2: the prefix of AZ ids. */
export function regionCode(region: string): string {
  const [country = '', direction = '', number = ''] = region.split('-');
  return `${country}${DIRECTIONS[direction] ?? direction.charAt(0)}${number}`;
}

export interface Zone {
  name: string;
  id: string;
}

export function availabilityZones(region: string): Zone[] {
  return ['a', 'b', 'c'].map((letter, i) => ({ name: `${region}${letter}`, id: `${regionCode(region)}-az${i + 1}` }));
}

/** A stable stand-in for regions missing from the tables below: Z plus 12 characters of the name's hash. */
function derivedZoneId(kind: string, region: string): string {
  let h = 2166136261;
  for (const c of `${kind}:${region}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return `Z${h.toString(36).toUpperCase().padStart(7, '0')}${regionCode(region).toUpperCase()}`.slice(0, 14);
}

const VPCE_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'Z7HUB22UULQXV',
  'us-east-2': 'ZC8PG0KIFKBRI',
  'us-west-2': 'Z1YSA3EXCYUU9Z',
  'eu-west-1': 'Z38GZ743OKFT7T',
  'eu-central-1': 'Z273ZU8SZ5RJPC',
  'ap-southeast-2': 'Z2KVTB3ZLFM7JR',
};
const NLB_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'Z26RNL4JYFTOTI',
  'us-east-2': 'ZLMOA37VPKANP',
  'us-west-2': 'Z18D5FSROUN65G',
  'eu-west-1': 'Z2IFOLAFXWLO4F',
  'eu-central-1': 'Z3F0SRJ5LGBH90',
  'ap-southeast-2': 'Z1GDH35T77C1KE',
};
const ALB_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-east-2': 'Z3AADJGX6KTTL2',
  'us-west-2': 'Z1H1FL5HABSF5',
  'eu-west-1': 'Z32O12XQLNTSW2',
  'eu-central-1': 'Z215JYRZR1TBD5',
  'ap-southeast-2': 'Z1GM3OXH4ZPM65',
};

/** The zone of execute-api endpoint DNS names (vpce-….execute-api.<region>.vpce.amazonaws.com). */
export function vpceHostedZoneId(region: string): string {
  return VPCE_ZONES[region] ?? derivedZoneId('vpce', region);
}

export function loadBalancerHostedZoneId(region: string, type: 'network' | 'application'): string {
  return (type === 'network' ? NLB_ZONES : ALB_ZONES)[region] ?? derivedZoneId(type, region);
}

const OPT_IN_CANDIDATES = ['ap-east-1', 'me-south-1', 'af-south-1', 'eu-south-1', 'ap-southeast-3', 'me-central-1', 'il-central-1'];

/** Two opt-in regions outside the audited list, which no account enabled. */
export function optInRegions(regions: readonly string[]): string[] {
  return OPT_IN_CANDIDATES.filter((r) => !regions.includes(r)).slice(0, 2);
}
