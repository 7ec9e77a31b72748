import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAwsEnvironment, resolveSharedConfig } from '../../src/aws/environment.js';

const credentials = async () => ({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' });

afterEach(() => vi.unstubAllEnvs());

describe('shared client configuration, resolved once per run', () => {
  it('follows the SDK chain: AWS_REGION, AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT', async () => {
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    vi.stubEnv('AWS_USE_FIPS_ENDPOINT', 'true');
    vi.stubEnv('AWS_USE_DUALSTACK_ENDPOINT', 'true');
    expect(await resolveSharedConfig()).toEqual({ region: 'eu-central-1', useFipsEndpoint: true, useDualstackEndpoint: true });
  });

  it('defaults to standard endpoints', async () => {
    vi.stubEnv('AWS_REGION', 'us-west-2');
    vi.stubEnv('AWS_USE_FIPS_ENDPOINT', 'false');
    vi.stubEnv('AWS_USE_DUALSTACK_ENDPOINT', 'false');
    expect(await resolveSharedConfig()).toEqual({ region: 'us-west-2', useFipsEndpoint: false, useDualstackEndpoint: false });
  });

  it('hands the resolved values to every client the factory builds', async () => {
    vi.stubEnv('AWS_REGION', 'us-east-2');
    vi.stubEnv('AWS_USE_FIPS_ENDPOINT', 'true');
    const env = await createAwsEnvironment({ credentials });
    expect(env.homeRegion).toBe('us-east-2');
    const ec2 = env.factory.ec2('111111111111', 'us-east-2', credentials);
    expect(await ec2.config.useFipsEndpoint()).toBe(true);
    expect(await ec2.config.useDualstackEndpoint()).toBe(false);
  });
});

describe('shared client configuration without a configured region', () => {
  it('falls back to us-east-1 and still resolves the endpoint settings', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', '');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/privapi-test-config');
    vi.stubEnv('AWS_PROFILE', '');
    expect(await resolveSharedConfig()).toMatchObject({ region: 'us-east-1', useFipsEndpoint: false });
  });

  it('uses the region given instead of probing for one', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-3');
    expect((await resolveSharedConfig(undefined, 'ap-south-1')).region).toBe('ap-south-1');
  });
});
