import * as ec2Sdk from '@aws-sdk/client-ec2';
import type { DhcpOptions, NetworkInterface, Region, SecurityGroupRule, Subnet, Tag, Vpc, VpcEndpoint } from '@aws-sdk/client-ec2';
import { formFilters, formList, SimError, type SimRequest } from '../protocol.js';
import { numberParam, unknownOperation, type HandlerContext, type ServiceHandler, type SimReply } from '../service.js';

/**
 * The simulated EC2 Query API: the Describe* calls privapi's collectors and region discovery make.
 * Filters behave as EC2's do: values of one filter are ORed, filters are ANDed, `*` and `?` are
 * wildcards, and an unknown filter name is rejected rather than ignored.
 */

/** EC2 accepts at most this many values in one filter. */
const MAX_FILTER_VALUES = 200;
/** EC2 returns the whole result when MaxResults is absent (the simulation's page cap still applies). */
const UNPAGINATED = Number.POSITIVE_INFINITY;

type FieldValue = string | number | boolean | undefined;
type Field<T> = (item: T) => FieldValue | readonly FieldValue[];

interface Listing<T> {
  operation: string;
  /** The output member the items go in. */
  outputKey: string;
  items(ctx: HandlerContext): readonly T[];
  filters: Readonly<Record<string, Field<T>>>;
  tags(item: T): readonly Tag[] | undefined;
  /** The `<Name>.N` id parameter, the item's id, and the error EC2 gives for an id that does not exist. */
  ids: { param: string; id(item: T): string | undefined; notFound: string; noun: string };
  /** MaxResults bounds; `clampAbove` when EC2 caps a larger value instead of rejecting it. */
  paging: { min: number; max: number; clampAbove?: boolean };
  /** EC2 rejects MaxResults together with ids for some operations. */
  idsExcludeMaxResults?: boolean;
}

const vpcEndpoints: Listing<VpcEndpoint> = {
  operation: 'DescribeVpcEndpoints',
  outputKey: 'VpcEndpoints',
  items: (ctx) => ctx.regionState.ec2.vpcEndpoints,
  filters: {
    'service-name': (e) => e.ServiceName,
    'vpc-id': (e) => e.VpcId,
    'vpc-endpoint-id': (e) => e.VpcEndpointId,
    'vpc-endpoint-type': (e) => e.VpcEndpointType,
    'vpc-endpoint-state': (e) => e.State,
    'ip-address-type': (e) => e.IpAddressType,
  },
  tags: (e) => e.Tags,
  ids: { param: 'VpcEndpointId', id: (e) => e.VpcEndpointId, notFound: 'InvalidVpcEndpointId.NotFound', noun: 'VpcEndpoint ID' },
  paging: { min: 5, max: 1000, clampAbove: true },
};

const vpcs: Listing<Vpc> = {
  operation: 'DescribeVpcs',
  outputKey: 'Vpcs',
  items: (ctx) => ctx.regionState.ec2.vpcs.map((v) => v.vpc),
  filters: {
    'vpc-id': (v) => v.VpcId,
    cidr: (v) => v.CidrBlock,
    'cidr-block-association.cidr-block': (v) => (v.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock),
    'ipv6-cidr-block-association.ipv6-cidr-block': (v) => (v.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock),
    'dhcp-options-id': (v) => v.DhcpOptionsId,
    'is-default': (v) => v.IsDefault,
    'owner-id': (v) => v.OwnerId,
    state: (v) => v.State,
  },
  tags: (v) => v.Tags,
  ids: { param: 'VpcId', id: (v) => v.VpcId, notFound: 'InvalidVpcID.NotFound', noun: 'vpc ID' },
  paging: { min: 5, max: 1000 },
};

const dhcpOptions: Listing<DhcpOptions> = {
  operation: 'DescribeDhcpOptions',
  outputKey: 'DhcpOptions',
  items: (ctx) => ctx.regionState.ec2.dhcpOptions,
  filters: {
    'dhcp-options-id': (d) => d.DhcpOptionsId,
    key: (d) => (d.DhcpConfigurations ?? []).map((c) => c.Key),
    value: (d) => (d.DhcpConfigurations ?? []).flatMap((c) => (c.Values ?? []).map((v) => v.Value)),
    'owner-id': (d) => d.OwnerId,
  },
  tags: (d) => d.Tags,
  ids: { param: 'DhcpOptionsId', id: (d) => d.DhcpOptionsId, notFound: 'InvalidDhcpOptionID.NotFound', noun: 'dhcpOption ID' },
  paging: { min: 5, max: 1000 },
};

const subnets: Listing<Subnet> = {
  operation: 'DescribeSubnets',
  outputKey: 'Subnets',
  items: (ctx) => ctx.regionState.ec2.subnets,
  filters: {
    'subnet-id': (s) => s.SubnetId,
    'subnet-arn': (s) => s.SubnetArn,
    'vpc-id': (s) => s.VpcId,
    'availability-zone': (s) => s.AvailabilityZone,
    'availability-zone-id': (s) => s.AvailabilityZoneId,
    'cidr-block': (s) => s.CidrBlock,
    cidr: (s) => s.CidrBlock,
    'default-for-az': (s) => s.DefaultForAz,
    'owner-id': (s) => s.OwnerId,
    state: (s) => s.State,
  },
  tags: (s) => s.Tags,
  ids: { param: 'SubnetId', id: (s) => s.SubnetId, notFound: 'InvalidSubnetID.NotFound', noun: 'subnet ID' },
  paging: { min: 5, max: 1000 },
};

const securityGroupRules: Listing<SecurityGroupRule> = {
  operation: 'DescribeSecurityGroupRules',
  outputKey: 'SecurityGroupRules',
  items: (ctx) => ctx.regionState.ec2.securityGroupRules,
  filters: {
    'group-id': (r) => r.GroupId,
    'security-group-rule-id': (r) => r.SecurityGroupRuleId,
  },
  tags: (r) => r.Tags,
  ids: { param: 'SecurityGroupRuleId', id: (r) => r.SecurityGroupRuleId, notFound: 'InvalidSecurityGroupRuleId.NotFound', noun: 'security group rule ID' },
  paging: { min: 5, max: 1000 },
};

const networkInterfaces: Listing<NetworkInterface> = {
  operation: 'DescribeNetworkInterfaces',
  outputKey: 'NetworkInterfaces',
  items: (ctx) => ctx.regionState.ec2.networkInterfaces,
  filters: {
    'network-interface-id': (n) => n.NetworkInterfaceId,
    'addresses.private-ip-address': (n) => (n.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
    'private-ip-address': (n) => (n.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
    'ipv6-addresses.ipv6-address': (n) => (n.Ipv6Addresses ?? []).map((a) => a.Ipv6Address),
    'vpc-id': (n) => n.VpcId,
    'subnet-id': (n) => n.SubnetId,
    'availability-zone': (n) => n.AvailabilityZone,
    'interface-type': (n) => n.InterfaceType,
    status: (n) => n.Status,
    description: (n) => n.Description,
    'group-id': (n) => (n.Groups ?? []).map((g) => g.GroupId),
    'owner-id': (n) => n.OwnerId,
    'requester-managed': (n) => n.RequesterManaged,
    'mac-address': (n) => n.MacAddress,
  },
  tags: (n) => n.TagSet,
  ids: { param: 'NetworkInterfaceId', id: (n) => n.NetworkInterfaceId, notFound: 'InvalidNetworkInterfaceID.NotFound', noun: 'networkInterface ID' },
  paging: { min: 5, max: 1000 },
  idsExcludeMaxResults: true,
};

export const ec2Handler: ServiceHandler = {
  service: 'ec2',
  spec: { protocol: 'ec2Query', xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/', schemas: ec2Sdk },
  quota: 'ec2',
  throttle: { code: 'RequestLimitExceeded', status: 503 },
  handle(req, ctx) {
    switch (req.operation) {
      case 'DescribeRegions': return describeRegions(req, ctx);
      case 'DescribeVpcAttribute': return describeVpcAttribute(req, ctx);
      // IncludeManagedResources is accepted and needs nothing: the simulation models no account
      // that hides managed ENIs, so every ENI is visible either way.
      case 'DescribeNetworkInterfaces': return describe(req, ctx, networkInterfaces);
      case 'DescribeVpcEndpoints': return describe(req, ctx, vpcEndpoints);
      case 'DescribeVpcs': return describe(req, ctx, vpcs);
      case 'DescribeDhcpOptions': return describe(req, ctx, dhcpOptions);
      case 'DescribeSubnets': return describe(req, ctx, subnets);
      case 'DescribeSecurityGroupRules': return describe(req, ctx, securityGroupRules);
      default: throw unknownOperation('ec2', req.operation);
    }
  },
};

function invalidParameter(message: string): SimError {
  return new SimError('InvalidParameterValue', 400, message);
}

// ---------- Describe* listings ----------

function describe<T>(req: SimRequest, ctx: HandlerContext, listing: Listing<T>): SimReply {
  const predicates = parseFilters(req, listing);
  const ids = formList(req.form, listing.ids.param);
  const maxResults = numberParam(req.form.get('MaxResults'));
  if (ids.length > 0 && maxResults !== undefined && listing.idsExcludeMaxResults) {
    throw new SimError('InvalidParameterCombination', 400, `The parameter ${listing.ids.param}s cannot be used with the parameter maxResults`);
  }
  const all = listing.items(ctx);
  const selected = ids.length > 0 ? byIds(all, ids, listing) : all;
  const matching = selected.filter((item) => predicates.every((p) => p(item)));
  const { items, next } = page(req, ctx, listing, matching, maxResults);
  return { operation: listing.operation, output: { [listing.outputKey]: items, NextToken: next } };
}

/** Ids select items in the world's order; one id that does not exist fails the whole call, as in EC2. */
function byIds<T>(items: readonly T[], ids: readonly string[], listing: Listing<T>): T[] {
  const known = new Set(items.map((item) => listing.ids.id(item)));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new SimError(listing.ids.notFound, 400, `The ${listing.ids.noun} '${missing.join(', ')}' does not exist`);
  }
  const wanted = new Set(ids);
  return items.filter((item) => wanted.has(listing.ids.id(item) ?? ''));
}

function page<T>(req: SimRequest, ctx: HandlerContext, listing: Listing<T>, items: readonly T[], maxResults: number | undefined) {
  const { min, max, clampAbove } = listing.paging;
  if (maxResults !== undefined && (maxResults < min || (maxResults > max && !clampAbove))) {
    throw invalidParameter(`Value ( ${maxResults} ) for parameter maxResults is invalid. Parameter must be between ${min} and ${max}.`);
  }
  const requested = maxResults === undefined ? undefined : Math.min(maxResults, max);
  return ctx.page(items, {
    token: req.form.get('NextToken'),
    requested,
    max,
    defaultSize: UNPAGINATED,
    operation: listing.operation,
    errors: { token: 'InvalidPaginationToken' },
  });
}

// ---------- filters ----------

type Predicate<T> = (item: T) => boolean;

function parseFilters<T>(req: SimRequest, listing: Pick<Listing<T>, 'filters' | 'tags'>): Predicate<T>[] {
  return [...formFilters(req.form)].map(([name, values]) => {
    if (values.length > MAX_FILTER_VALUES) {
      throw new SimError('FilterLimitExceeded', 400, `The maximum number of filter values specified on a single call is ${MAX_FILTER_VALUES}`);
    }
    const field = filterField(name, listing);
    const patterns = values.map(wildcard);
    return (item: T) => fieldValues(field(item)).some((v) => patterns.some((p) => p.test(v)));
  });
}

function filterField<T>(name: string, listing: Pick<Listing<T>, 'filters' | 'tags'>): Field<T> {
  if (name.startsWith('tag:')) {
    const key = name.slice('tag:'.length);
    return (item) => (listing.tags(item) ?? []).filter((t) => t.Key === key).map((t) => t.Value ?? '');
  }
  if (name === 'tag-key') return (item) => (listing.tags(item) ?? []).map((t) => t.Key);
  const field = Object.hasOwn(listing.filters, name) ? listing.filters[name] : undefined;
  if (!field) throw invalidParameter(`The filter '${name}' is invalid`);
  return field;
}

function fieldValues(value: FieldValue | readonly FieldValue[]): string[] {
  const list: readonly FieldValue[] = Array.isArray(value) ? value : [value as FieldValue];
  return list.filter((v): v is string | number | boolean => v !== undefined).map(String);
}

/** EC2 filter values: `*` matches any run of characters, `?` exactly one. */
function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

// ---------- DescribeRegions ----------

function describeRegions(req: SimRequest, ctx: HandlerContext): SimReply {
  const all = req.form.get('AllRegions') === 'true';
  const names = formList(req.form, 'RegionName');
  const unknown = names.filter((n) => !ctx.world.regions.some((r) => r.name === n));
  if (unknown.length > 0) throw invalidParameter(`Invalid region names: ${unknown.join(', ')}`);
  const regions: Region[] = ctx.world.regions
    .filter((r) => names.length === 0 || names.includes(r.name))
    .map((r) => ({ RegionName: r.name, Endpoint: `ec2.${r.name}.amazonaws.com`, OptInStatus: optInStatus(ctx, r.name, r.optIn) }))
    .filter((r) => all || r.OptInStatus !== 'not-opted-in');
  const predicates = parseFilters<Region>(req, {
    filters: { endpoint: (r) => r.Endpoint, 'region-name': (r) => r.RegionName, 'opt-in-status': (r) => r.OptInStatus },
    tags: () => undefined,
  });
  return { operation: 'DescribeRegions', output: { Regions: regions.filter((r) => predicates.every((p) => p(r))) } };
}

function optInStatus(ctx: HandlerContext, region: string, optIn: boolean): string {
  if (!ctx.regionEnabled(region)) return 'not-opted-in';
  return optIn ? 'opted-in' : 'opt-in-not-required';
}

// ---------- DescribeVpcAttribute ----------

const VPC_ATTRIBUTES = ['enableDnsSupport', 'enableDnsHostnames', 'enableNetworkAddressUsageMetrics'] as const;

function describeVpcAttribute(req: SimRequest, ctx: HandlerContext): SimReply {
  const vpcId = req.form.get('VpcId');
  const attribute = req.form.get('Attribute');
  if (!vpcId) throw new SimError('MissingParameter', 400, 'The request must contain the parameter vpcId');
  if (!attribute) throw new SimError('MissingParameter', 400, 'The request must contain the parameter attribute');
  if (!(VPC_ATTRIBUTES as readonly string[]).includes(attribute)) throw invalidParameter(`Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
  const entry = ctx.regionState.ec2.vpcs.find((v) => v.vpc.VpcId === vpcId);
  if (!entry) throw new SimError('InvalidVpcID.NotFound', 400, `The vpc ID '${vpcId}' does not exist`);
  const value =
    attribute === 'enableDnsSupport' ? entry.enableDnsSupport
    : attribute === 'enableDnsHostnames' ? entry.enableDnsHostnames
    // Not part of the simulated state: off, as it is by default.
    : false;
  const key = attribute.charAt(0).toUpperCase() + attribute.slice(1);
  return { operation: 'DescribeVpcAttribute', output: { VpcId: vpcId, [key]: { Value: value } } };
}
