import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { regionAvailability } from '../../src/aws/regions.js';

const ec2Mock = mockClient(EC2Client);
const ec2 = new EC2Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

beforeEach(() => {
  ec2Mock.reset();
});

describe('regionAvailability', () => {
  it('asks for all regions and splits them by opt-in status, sorted', async () => {
    // GIVEN regions in every opt-in state, unsorted, plus an entry without a name
    ec2Mock.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-west-2', OptInStatus: 'opt-in-not-required', Endpoint: 'ec2.us-west-2.amazonaws.com' },
        { RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
        { RegionName: 'ap-east-1', OptInStatus: 'opted-in' },
        { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
        { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
        { OptInStatus: 'opted-in' },
      ],
    });

    // WHEN the availability is read
    const result = await regionAvailability(ec2);

    // THEN opted-in and always-on regions are enabled, not-opted-in ones are not
    expect(result).toEqual({
      enabled: ['ap-east-1', 'eu-west-1', 'us-west-2'],
      notEnabled: ['af-south-1', 'me-south-1'],
    });
    expect(ec2Mock).toHaveReceivedCommandTimes(DescribeRegionsCommand, 1);
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeRegionsCommand, { AllRegions: true });
  });

  it('treats a region without an opt-in status as enabled', async () => {
    ec2Mock.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1' }] });

    expect(await regionAvailability(ec2)).toEqual({ enabled: ['us-east-1'], notEnabled: [] });
  });

  it('returns empty lists when no regions come back', async () => {
    ec2Mock.on(DescribeRegionsCommand).resolves({});

    expect(await regionAvailability(ec2)).toEqual({ enabled: [], notEnabled: [] });
  });

  it('passes errors through', async () => {
    // GIVEN DescribeRegions is denied
    ec2Mock.on(DescribeRegionsCommand).rejects(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' }));

    // WHEN / THEN the error reaches the caller unchanged
    await expect(regionAvailability(ec2)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});
