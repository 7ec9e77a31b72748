import { GetVpcLinksCommand, VpcLinkStatus } from '@aws-sdk/client-apigatewayv2';
import type { ApiGatewayV2Client, VpcLink } from '@aws-sdk/client-apigatewayv2';
import { paginate } from '../aws/paginate.js';
import { arns } from '../model/arn.js';
import type { VpcLinkV2 } from '../model/inventory.js';
import type { RegionalCollector, RegionalContext } from './contract.js';
import { allItems, byId, known, present } from './listing.js';

/** The v2 API models MaxResults as a string; 500 is its documented maximum. */
const MAX_RESULTS = '500';

export const apigatewayv2Collector: RegionalCollector = {
  service: 'apigatewayv2',
  declares: [{ operation: 'GetVpcLinks', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/vpclinks'] }],
  async collect(ctx, into) {
    const links = await ctx.recorder.primary('GetVpcLinks', () => listVpcLinks(ctx, ctx.clients.apigatewayv2()));
    if (links) into.vpcLinksV2 = links;
  },
};

async function listVpcLinks(ctx: RegionalContext, client: ApiGatewayV2Client): Promise<VpcLinkV2[]> {
  const pages = paginate(
    'GetVpcLinks',
    (token) => client.send(new GetVpcLinksCommand({ MaxResults: MAX_RESULTS, NextToken: token })),
    (page) => page.NextToken,
  );
  const links = await allItems(pages, (page) => page.Items);
  return ctx.recorder.readItems('GetVpcLinks', links, (link, i) => toVpcLink(ctx, link, i), 'primary').sort(byId);
}

function toVpcLink(ctx: RegionalContext, link: VpcLink, index: number): VpcLinkV2 {
  const id = present(link.VpcLinkId, `VPC link #${index + 1}`, 'VpcLinkId');
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: arns.vpcLink(ctx.partition, ctx.region, id),
    id,
    name: link.Name ?? '',
    // An absent status is not evidence of a healthy link, so it must not read as AVAILABLE.
    status: known(link.VpcLinkStatus, VpcLinkStatus, `VPC link ${id}`, 'VpcLinkStatus') ?? 'UNKNOWN',
    statusMessage: link.VpcLinkStatusMessage,
    version: link.VpcLinkVersion,
    securityGroupIds: link.SecurityGroupIds ?? [],
    subnetIds: link.SubnetIds ?? [],
    tags: link.Tags ?? {},
  };
}
