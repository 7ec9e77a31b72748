import { ApiGatewayV2Client, GetVpcLinksCommand } from '@aws-sdk/client-apigatewayv2';
import type { VpcLink } from '@aws-sdk/client-apigatewayv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { apigatewayv2Collector } from '../../src/collectors/apigatewayv2.js';
import { emptyRegional } from '../../src/model/inventory.js';
import { ACCOUNT, REGION, accessDenied, expectOnlyDeclaredCalls, regionalContext, throttled } from '../helpers/collector-context.js';

const v2 = mockClient(ApiGatewayV2Client);

beforeEach(() => v2.reset());

const activeLink: VpcLink = {
  VpcLinkId: 'abc123',
  Name: 'orders-alb-link',
  VpcLinkStatus: 'AVAILABLE',
  VpcLinkStatusMessage: 'VPC link is ready to route traffic',
  VpcLinkVersion: 'V2',
  SecurityGroupIds: ['sg-0a1b2c3d4e5f60718'],
  SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  Tags: { team: 'orders', env: 'prod' },
  CreatedDate: new Date('2025-11-25T10:00:00Z'),
};

const inactiveLink: VpcLink = {
  VpcLinkId: '9zy8xw',
  Name: 'legacy-link',
  VpcLinkStatus: 'INACTIVE',
  VpcLinkVersion: 'V2',
  SecurityGroupIds: [],
  SubnetIds: ['subnet-0123456789abcdef0'],
};

async function run(opts: Parameters<typeof regionalContext>[1] = {}) {
  const ctx = regionalContext('apigatewayv2', opts);
  const into = emptyRegional(ctx.accountId, ctx.region);
  await apigatewayv2Collector.collect(ctx, into);
  return { ctx, into };
}

describe('apigatewayv2Collector', () => {
  it('maps VPC links V2 from every page, sorted by id, with partition-aware ARNs', async () => {
    v2.on(GetVpcLinksCommand).resolves({ Items: [activeLink], NextToken: 'page-2' });
    v2.on(GetVpcLinksCommand, { NextToken: 'page-2' }).resolves({ Items: [inactiveLink] });

    const { ctx, into } = await run({ partition: 'aws-us-gov', region: 'us-gov-west-1' });

    expect(ctx.recorder.state).toBe('complete');
    expect(into.vpcLinksV2).toEqual([
      {
        accountId: ACCOUNT,
        region: 'us-gov-west-1',
        arn: 'arn:aws-us-gov:apigateway:us-gov-west-1::/vpclinks/9zy8xw',
        id: '9zy8xw',
        name: 'legacy-link',
        status: 'INACTIVE',
        statusMessage: undefined,
        version: 'V2',
        securityGroupIds: [],
        subnetIds: ['subnet-0123456789abcdef0'],
        tags: {},
      },
      {
        accountId: ACCOUNT,
        region: 'us-gov-west-1',
        arn: 'arn:aws-us-gov:apigateway:us-gov-west-1::/vpclinks/abc123',
        id: 'abc123',
        name: 'orders-alb-link',
        status: 'AVAILABLE',
        statusMessage: 'VPC link is ready to route traffic',
        version: 'V2',
        securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
        subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
        tags: { team: 'orders', env: 'prod' },
      },
    ]);
    const calls = v2.commandCalls(GetVpcLinksCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.args[0].input).toEqual({ MaxResults: '500', NextToken: undefined });
    expect(calls[1]?.args[0].input).toEqual({ MaxResults: '500', NextToken: 'page-2' });
    expectOnlyDeclaredCalls(apigatewayv2Collector.declares, v2);
  });

  it('records an empty region as complete with no links', async () => {
    v2.on(GetVpcLinksCommand).resolves({ Items: [] });

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('complete');
    expect(ctx.recorder.errors).toEqual([]);
    expect(into.vpcLinksV2).toEqual([]);
    expect(into.region).toBe(REGION);
  });

  it('fails the service on AccessDenied and fabricates no links', async () => {
    v2.on(GetVpcLinksCommand).rejects(accessDenied());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([
      { operation: 'GetVpcLinks', code: 'AccessDeniedException', message: 'User is not authorized to perform this operation' },
    ]);
    expect(into.vpcLinksV2).toEqual([]);
  });

  it('keeps no half listing when a later page fails', async () => {
    v2.on(GetVpcLinksCommand).resolves({ Items: [activeLink], NextToken: 'page-2' });
    v2.on(GetVpcLinksCommand, { NextToken: 'page-2' }).rejects(throttled());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toMatchObject([{ operation: 'GetVpcLinks', code: 'ThrottlingException' }]);
    expect(into.vpcLinksV2).toEqual([]);
  });

  it('fails rather than loops when a page repeats its token', async () => {
    v2.on(GetVpcLinksCommand).resolves({ Items: [activeLink], NextToken: 'same' });

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toMatchObject([{ operation: 'GetVpcLinks', code: 'PaginationLoop' }]);
    expect(into.vpcLinksV2).toEqual([]);
  });
});
