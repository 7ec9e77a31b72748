import type { VpcLink } from '@aws-sdk/client-api-gateway';
import type { VpcLink as VpcLinkV2 } from '@aws-sdk/client-apigatewayv2';
import { arns } from '../../../../model/arn.js';
import type { SubnetHandle, VpcHandle } from '../network/vpc.js';
import type { WorldBuilder } from '../world-builder.js';

export interface VpcLinkHandle {
  id: string;
  arn: string;
}

/** A legacy VPC link (V1): a PrivateLink endpoint service in front of one NLB. */
export function createVpcLinkV1(b: WorldBuilder, accountId: string, region: string, name: string, nlbArn: string): VpcLinkHandle {
  const link: VpcLink = { id: b.ids.short(6), name, description: `${name} (NLB)`, targetArns: [nlbArn], status: 'AVAILABLE', statusMessage: 'Your vpc link is ready for use', tags: {} };
  b.region(accountId, region).apigateway.vpcLinks.push(link);
  const id = link.id ?? '';
  return { id, arn: arns.vpcLink(b.partition, region, id) };
}

export interface VpcLinkV2Options {
  name: string;
  subnets: SubnetHandle[];
  groupIds: string[];
  status?: VpcLinkV2['VpcLinkStatus'];
  statusMessage?: string;
}

/** A VPC link V2: ENIs in the backend VPC, usable by REST APIs with an integrationTarget since Nov 2025. */
export function createVpcLinkV2(b: WorldBuilder, vpc: VpcHandle, opts: VpcLinkV2Options): VpcLinkHandle & { sim: VpcLinkV2 } {
  const sim: VpcLinkV2 = {
    VpcLinkId: b.ids.short(6),
    Name: opts.name,
    SecurityGroupIds: opts.groupIds,
    SubnetIds: opts.subnets.map((s) => s.id),
    VpcLinkStatus: opts.status ?? 'AVAILABLE',
    VpcLinkStatusMessage: opts.statusMessage ?? 'VPC link is ready to route traffic',
    VpcLinkVersion: 'V2',
    CreatedDate: b.date(),
    Tags: {},
  };
  b.region(vpc.accountId, vpc.region).apigatewayv2.vpcLinks.push(sim);
  const id = sim.VpcLinkId ?? '';
  return { id, arn: arns.vpcLink(b.partition, vpc.region, id), sim };
}
