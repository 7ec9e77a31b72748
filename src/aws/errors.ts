/**
 * Classifies SDK errors without importing service-specific exception classes, so every collector
 * records failures the same way and an AccessDenied is never mistaken for an empty result.
 */

export interface ClassifiedError {
  code: string;
  message: string;
  kind: 'access-denied' | 'throttling' | 'not-found' | 'region-disabled' | 'expired-credentials' | 'network' | 'other';
}

const ACCESS_DENIED = new Set([
  'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException',
  'AuthorizationError', 'AuthFailure', 'Forbidden', 'ForbiddenException', 'NotAuthorized',
  'AWSOrganizationsNotInUseException', 'OptInRequired',
]);
const THROTTLING = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException',
  'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'LimitExceededException',
  'PriorRequestNotComplete', 'EC2ThrottledException', 'BandwidthLimitExceeded', 'ProvisionedThroughputExceededException', 'TransactionInProgressException',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'InvalidClientTokenId', 'TokenRefreshRequired']);
const REGION_DISABLED = new Set(['RegionDisabledException', 'InvalidSignatureException_RegionDisabled']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError']);

export function classifyError(err: unknown): ClassifiedError {
  const e = (err ?? {}) as { name?: unknown; code?: unknown; Code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  const code = String(e.Code ?? e.code ?? e.name ?? 'UnknownError');
  const message = typeof e.message === 'string' && e.message.length > 0 ? e.message : code;
  const status = e.$metadata?.httpStatusCode;
  let kind: ClassifiedError['kind'] = 'other';
  if (ACCESS_DENIED.has(code) || /AccessDenied/i.test(code)) kind = 'access-denied';
  else if (THROTTLING.has(code)) kind = 'throttling';
  else if (EXPIRED.has(code)) kind = 'expired-credentials';
  else if (REGION_DISABLED.has(code) || /region.*(not enabled|disabled)/i.test(message)) kind = 'region-disabled';
  else if (NETWORK.has(code)) kind = 'network';
  else if (/NotFound|NoSuch/i.test(code) || status === 404) kind = 'not-found';
  else if (status === 403) kind = 'access-denied';
  return { code, message: oneLine(message), kind };
}

/** Error messages end up in snapshots and terminals: keep them to one bounded line. */
function oneLine(text: string): string {
  // Control characters (ANSI escapes included) from a remote message must not reach a terminal.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const flat = text.replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 497)}...` : flat;
}
