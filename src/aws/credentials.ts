import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { partitionOfArn } from '../model/arn.js';
import type { Partition } from '../model/inventory.js';

/** The standard SDK chain: env vars, SSO, profiles (AWS_PROFILE or --profile), process, container, IMDS. */
export function baseCredentials(profile?: string): AwsCredentialIdentityProvider {
  return fromNodeProviderChain(profile ? { profile } : {});
}

export interface CallerIdentity {
  accountId: string;
  arn: string;
  partition: Partition;
}

export async function callerIdentity(sts: STSClient): Promise<CallerIdentity> {
  const out = await sts.send(new GetCallerIdentityCommand({}));
  const arn = out.Arn ?? '';
  const partition = partitionOfArn(arn);
  if (!out.Account || partition === undefined) throw new Error(`STS GetCallerIdentity returned an unusable identity (${arn || 'no ARN'})`);
  return { accountId: out.Account, arn, partition };
}

export interface AssumeRoleSettings {
  roleName: string;
  /** IAM path, e.g. "/security/"; default "/". */
  rolePath?: string;
  externalId?: string;
  /** Identifies privapi (and the run) in the member account's CloudTrail. */
  sessionName: string;
  durationSeconds?: number;
  /** Audit the calling account with its own credentials instead of assuming the role there. */
  callerUsesOwnCredentials: boolean;
}

export function roleArn(partition: Partition, accountId: string, roleName: string, rolePath = '/'): string {
  const path = `/${rolePath.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  return `arn:${partition}:iam::${accountId}:role${path}${roleName}`;
}

/** Session names allow [\w+=,.@-] and at most 64 characters. */
export function sessionName(runId: string): string {
  return `privapi-${runId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

export class AssumeRoleError extends Error {
  override readonly name = 'AssumeRoleError';
  constructor(readonly accountId: string, readonly roleArn: string, readonly code: string, message: string) {
    super(message);
  }
}

/** Credentials are refreshed this long before they expire, so no call is signed with stale ones. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * A member account's role credentials. AWS may refuse them as expired before their Expiration
 * (a revoked session, clock skew, a run outliving the role's MaxSessionDuration); `expire` marks
 * the refused ones so the next call assumes the role again.
 */
export interface RoleCredentialProvider extends AwsCredentialIdentityProvider {
  expire(refused: AwsCredentialIdentity): void;
}

export function isRoleCredentialProvider(provider: AwsCredentialIdentityProvider): provider is RoleCredentialProvider {
  return typeof (provider as Partial<RoleCredentialProvider>).expire === 'function';
}

/** Appended to errors of calls made with the caller's own credentials: assuming a role again cannot fix those. */
export const CALLER_EXPIRED_HINT = ' (the caller\'s own credentials expired: refresh them, e.g. aws sso login)';

/** Assumed-role credentials always carry an expiration: the SDK never asks again for credentials without one. */
type RoleCredentials = AwsCredentialIdentity & { expiration: Date };

/**
 * One AssumeRole per member account, shared by every client and region of that account and
 * refreshed before expiry; concurrent callers wait on the same in-flight request.
 */
export class CredentialBroker {
  private readonly cache = new Map<string, { creds?: RoleCredentials; pending?: Promise<RoleCredentials> }>();

  constructor(
    private readonly base: AwsCredentialIdentityProvider,
    private readonly sts: STSClient,
    private readonly caller: CallerIdentity,
    private readonly settings: AssumeRoleSettings,
    private readonly now: () => number = Date.now,
  ) {}

  roleArnFor(accountId: string): string {
    return roleArn(this.caller.partition, accountId, this.settings.roleName, this.settings.rolePath);
  }

  /** A provider for the account; resolving it may throw AssumeRoleError. */
  providerFor(accountId: string): AwsCredentialIdentityProvider {
    if (accountId === this.caller.accountId && this.settings.callerUsesOwnCredentials) return this.base;
    const provider: RoleCredentialProvider = Object.assign(() => this.resolve(accountId), { expire });
    return provider;
  }

  private async resolve(accountId: string): Promise<AwsCredentialIdentity> {
    const entry = this.cache.get(accountId) ?? {};
    this.cache.set(accountId, entry);
    if (entry.creds && entry.creds.expiration.getTime() - this.now() > REFRESH_MARGIN_MS) return entry.creds;
    entry.pending ??= this.assume(accountId).finally(() => {
      entry.pending = undefined;
    });
    entry.creds = await entry.pending;
    return entry.creds;
  }

  private async assume(accountId: string): Promise<RoleCredentials> {
    const arn = this.roleArnFor(accountId);
    const durationSeconds = this.settings.durationSeconds ?? 3600;
    try {
      const out = await this.sts.send(
        new AssumeRoleCommand({
          RoleArn: arn,
          RoleSessionName: this.settings.sessionName,
          DurationSeconds: durationSeconds,
          ...(this.settings.externalId ? { ExternalId: this.settings.externalId } : {}),
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw Object.assign(new Error('AssumeRole returned no credentials'), { name: 'NoCredentials' });
      // A Date of our own, never the SDK's, since expire() changes it in place.
      const expiration = new Date(c.Expiration?.getTime() ?? this.now() + durationSeconds * 1000);
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration, accountId };
    } catch (err) {
      const e = err as { name?: string; message?: string };
      const code = e.name ?? 'Error';
      throw new AssumeRoleError(accountId, arn, code, `cannot assume ${arn}: ${code}: ${e.message ?? ''}`.trim() + hint(code, this.caller.arn, this.settings.externalId !== undefined));
    }
  }
}

/**
 * Every SDK client of the account memoizes this same identity object until five minutes before its
 * expiration, and the broker's cache holds it too: moving the expiration to the past makes all of
 * them ask for new credentials on their next request, which assumes the role once for all.
 */
function expire(refused: AwsCredentialIdentity): void {
  refused.expiration?.setTime(0);
}

function hint(code: string, callerArn: string, externalId: boolean): string {
  if (code === 'AccessDenied' || code === 'AccessDeniedException')
    return ` (is the role deployed in this account, and does its trust policy allow sts:AssumeRole by ${callerArn}${externalId ? ' with this ExternalId' : ''}? Deploy the member role with the StackSet in infra/, or add the caller to its trust policy)`;
  if (code === 'RegionDisabledException') return ' (STS is not active in this region for the account: use a region enabled for it)';
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException') return CALLER_EXPIRED_HINT;
  return '';
}
