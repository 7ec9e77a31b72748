import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { CallStats } from './call-stats.js';
import { ClientFactory, type ClientSettings } from './clients.js';
import { baseCredentials } from './credentials.js';
import { RateLimiters, type Quota } from './rate-limit.js';

export interface AwsEnvironmentOptions {
  profile?: string;
  /** Home region; when absent, the SDK's own chain (AWS_REGION, profile) decides, else us-east-1. */
  region?: string;
  maxAttempts?: number;
  retryMode?: ClientSettings['retryMode'];
  quotas?: Record<string, Partial<Quota>>;
  /** Only for the simulated organization: where requests go instead of AWS. */
  requestHandler?: ClientSettings['requestHandler'];
  credentials?: AwsCredentialIdentityProvider;
}

export interface AwsEnvironment {
  factory: ClientFactory;
  baseCredentials: AwsCredentialIdentityProvider;
  homeRegion: string;
  stats: CallStats;
  limiters: RateLimiters;
}

export async function resolveHomeRegion(profile?: string): Promise<string> {
  const probe = new STSClient(profile ? { profile } : {});
  try {
    return await probe.config.region();
  } catch {
    return 'us-east-1';
  } finally {
    probe.destroy();
  }
}

export async function createAwsEnvironment(opts: AwsEnvironmentOptions = {}): Promise<AwsEnvironment> {
  const stats = new CallStats();
  const limiters = new RateLimiters(opts.quotas);
  const settings: ClientSettings = {
    maxAttempts: opts.maxAttempts ?? 8,
    retryMode: opts.retryMode ?? 'adaptive',
    ...(opts.requestHandler ? { requestHandler: opts.requestHandler } : {}),
  };
  return {
    factory: new ClientFactory({ settings, limiters, stats }),
    baseCredentials: opts.credentials ?? baseCredentials(opts.profile),
    homeRegion: opts.region ?? (await resolveHomeRegion(opts.profile)),
    stats,
    limiters,
  };
}
