import * as stsSdk from '@aws-sdk/client-sts';
import { SimError, type SimRequest } from '../protocol.js';
import { numberParam, unknownOperation, type HandlerContext, type ServiceHandler, type SimReply } from '../service.js';

/**
 * The simulated STS: who the caller is, and AssumeRole of the audit role into member accounts.
 * Credentials come from the simulation (ctx.issueCredentials), which also decides which accounts
 * deny the role.
 */

/** The long-term caller's IAM user name; SimulatedAws gives the management account one such key. */
export const SIMULATED_CALLER_USER = 'privapi-simulated-caller';
/**
 * The simulation does not record which session a key was issued to, so GetCallerIdentity of
 * session credentials names this session (the audit role is the only role that can be assumed).
 */
export const SIMULATED_SESSION_NAME = 'privapi';

const MIN_DURATION = 900;
const MAX_DURATION = 43_200;
/** A session assumed with session credentials (role chaining) lasts at most an hour. */
const MAX_CHAINED_DURATION = 3600;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export const stsHandler: ServiceHandler = {
  service: 'sts',
  spec: { protocol: 'awsQuery', xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/', schemas: stsSdk },
  quota: 'sts',
  throttle: { code: 'Throttling', status: 400 },
  handle(req, ctx) {
    switch (req.operation) {
      case 'GetCallerIdentity': return getCallerIdentity(req, ctx);
      case 'AssumeRole': return assumeRole(req, ctx);
      default: throw unknownOperation('sts', req.operation);
    }
  },
};

/** AWS marks long-term access keys AKIA… and temporary (session) ones ASIA…. */
function isSessionKey(accessKeyId: string): boolean {
  return accessKeyId.startsWith('ASIA');
}

/** Unique ids are 21 characters: a type prefix and 17 more; here derived from the account. */
function userId(accountId: string): string {
  return `AIDA${accountId}SIMUS`;
}

function roleId(accountId: string): string {
  return `AROA${accountId}AUDIT`;
}

function assumedRole(ctx: HandlerContext, accountId: string, sessionName: string): { Arn: string; AssumedRoleId: string } {
  return {
    Arn: `arn:${ctx.world.partition}:sts::${accountId}:assumed-role/${ctx.world.auditRoleName}/${sessionName}`,
    AssumedRoleId: `${roleId(accountId)}:${sessionName}`,
  };
}

function callerArn(req: SimRequest, ctx: HandlerContext): string {
  return isSessionKey(req.accessKeyId)
    ? assumedRole(ctx, ctx.account.id, SIMULATED_SESSION_NAME).Arn
    : `arn:${ctx.world.partition}:iam::${ctx.account.id}:user/${SIMULATED_CALLER_USER}`;
}

function getCallerIdentity(req: SimRequest, ctx: HandlerContext): SimReply {
  const accountId = ctx.account.id;
  const output = isSessionKey(req.accessKeyId)
    ? { UserId: assumedRole(ctx, accountId, SIMULATED_SESSION_NAME).AssumedRoleId, Account: accountId, Arn: callerArn(req, ctx) }
    : { UserId: userId(accountId), Account: accountId, Arn: callerArn(req, ctx) };
  return { operation: 'GetCallerIdentity', output };
}

function validationError(message: string): SimError {
  return new SimError('ValidationError', 400, message);
}

interface RoleRef {
  accountId: string;
  name: string;
}

/** `arn:<partition>:iam::<account>:role[/path/]<name>`; the assumed-role ARN drops the path. */
function parseRoleArn(arn: string, partition: string): RoleRef {
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/.exec(arn);
  if (!m || m[1] !== partition || arn.length > 2048) throw validationError(`${arn} is invalid`);
  return { accountId: m[2]!, name: m[3]! };
}

function constraint(field: string, value: string, rule: string): SimError {
  return validationError(`1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`);
}

function checkDuration(req: SimRequest): void {
  const duration = numberParam(req.form.get('DurationSeconds')) ?? 3600;
  if (!Number.isInteger(duration) || duration < MIN_DURATION || duration > MAX_DURATION) {
    throw constraint('durationSeconds', String(duration), `Member must have value between ${MIN_DURATION} and ${MAX_DURATION}`);
  }
  if (isSessionKey(req.accessKeyId) && duration > MAX_CHAINED_DURATION) {
    throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
}

function assumeRole(req: SimRequest, ctx: HandlerContext): SimReply {
  const arn = req.form.get('RoleArn');
  if (!arn) throw validationError("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  const sessionName = req.form.get('RoleSessionName');
  if (!sessionName) throw validationError("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  if (!SESSION_NAME.test(sessionName)) {
    throw constraint('roleSessionName', sessionName, 'Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64');
  }
  const externalId = req.form.get('ExternalId');
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    throw constraint('externalId', externalId, 'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length between 2 and 1224');
  }
  checkDuration(req);
  const role = parseRoleArn(arn, ctx.world.partition);
  if (role.name !== ctx.world.auditRoleName) {
    throw new SimError('AccessDenied', 403, `User: ${callerArn(req, ctx)} is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
  }
  const issued = ctx.issueCredentials(role.accountId, sessionName);
  return {
    operation: 'AssumeRole',
    output: {
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        Expiration: issued.expiration,
      },
      AssumedRoleUser: assumedRole(ctx, role.accountId, sessionName),
    },
  };
}
