import { GetVpcLinksCommand } from '@aws-sdk/client-apigatewayv2';
import type { ApiGatewayV2Client, VpcLink } from '@aws-sdk/client-apigatewayv2';
import { paginate } from '../aws/paginate.js';
import { arns } from '../model/arn.js';
import type { VpcLinkV2 } from '../model/inventory.js';
import type { RegionalCollector, RegionalContext } from './contract.js';
import { byId } from './listing.js';

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
  const links: VpcLinkV2[] = [];
  const pages = paginate(
    'GetVpcLinks',
    (token) => client.send(new GetVpcLinksCommand({ MaxResults: MAX_RESULTS, NextToken: token })),
    (page) => page.NextToken,
  );
  for await (const page of pages) {
    for (const link of page.Items ?? []) {
      if (link.VpcLinkId !== undefined) links.push(toVpcLink(ctx, link, link.VpcLinkId));
    }
  }
  return links.sort(byId);
}

function toVpcLink(ctx: RegionalContext, link: VpcLink, id: string): VpcLinkV2 {
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: arns.vpcLink(ctx.partition, ctx.region, id),
    id,
    name: link.Name ?? '',
    // An absent status is not evidence of a healthy link, so it must not read as AVAILABLE.
    status: link.VpcLinkStatus ?? 'UNKNOWN',
    statusMessage: link.VpcLinkStatusMessage,
    version: link.VpcLinkVersion,
    securityGroupIds: link.SecurityGroupIds ?? [],
    subnetIds: link.SubnetIds ?? [],
    tags: link.Tags ?? {},
  };
}
