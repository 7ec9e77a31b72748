import * as securityHubSdk from '@aws-sdk/client-securityhub';
import type { AwsSecurityFinding, ImportFindingsError, StringFilter } from '@aws-sdk/client-securityhub';
import { SimError, type SimRequest } from '../protocol.js';
import { numberParam, securityHubKey, unknownOperation, type HandlerContext, type ServiceHandler, type SimReply } from '../service.js';

/**
 * "Maximum of 100 findings per request" (BatchImportFindingsInput,
 * https://docs.rs/aws-sdk-securityhub/0.13.0/aws_sdk_securityhub/input/struct.BatchImportFindingsInput.html;
 * also https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html).
 */
const MAX_FINDINGS_PER_IMPORT = 100;

/**
 * GetFindings' MaxResults range and default page size were not found in the documentation; 1..100,
 * default 100, is assumed, as GetFindingHistory documents a default of 100
 * (https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/securityhub/aws.sdk.kotlin.services.securityhub.model/-get-finding-history-request/max-results.html).
 */
const MAX_RESULTS = 100;

/**
 * Required members of AwsSecurityFinding in the API model
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html). The user guide
 * also requires Severity and Types (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html),
 * which a provider may send in FindingProviderFields instead, as AWS's own CLI example does
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchimportfindings.html).
 */
const REQUIRED = ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'CreatedAt', 'UpdatedAt', 'Title', 'Description', 'Resources'] as const;
const TIMESTAMPS = ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt'] as const;

/**
 * The top-level attributes that mirror FindingProviderFields. Security Hub fills whichever side the
 * provider left empty from the other, the provider fields winning when both are sent
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchimportfindings.html).
 */
const PROVIDER_FIELDS = ['Confidence', 'Criticality', 'RelatedFindings', 'Severity', 'Types'] as const;

/** Attributes that only BatchUpdateFindings changes: BatchImportFindings ignores them on an existing finding (same page). */
const CUSTOMER_FIELDS = ['Note', 'UserDefinedFields', 'VerificationState', 'Workflow'] as const;

/** Filters the simulation evaluates; any other is refused rather than silently ignored. */
const FILTERABLE = ['Id', 'AwsAccountId', 'ProductArn', 'GeneratorId'] as const;

/**
 * AWS Security Hub as a finding provider in the caller's own account sees it: BatchImportFindings
 * with the default product ARN, BatchUpdateFindings for the workflow fields an import cannot
 * change, and GetFindings to read back what was imported.
 */
export const securityhubHandler: ServiceHandler = {
  service: 'securityhub',
  spec: { protocol: 'restJson', schemas: securityHubSdk },
  quota: 'securityhub',
  // BatchImportFindings' errors are InternalException, InvalidAccessException, InvalidInputException and, for
  // "throttling limits", LimitExceededException (https://docs.rs/rusoto_securityhub/latest/rusoto_securityhub/enum.BatchImportFindingsError.html),
  // HTTP 429 (https://docs.aws.amazon.com/goto/WebAPI/securityhub/DisableImportFindingsForProduct). Not TooManyRequestsException.
  throttle: { code: 'LimitExceededException', status: 429 },
  handle(req, ctx) {
    switch (req.operation) {
      case 'BatchImportFindings':
        return batchImportFindings(req, ctx);
      case 'GetFindings':
        return getFindings(req, ctx);
      case 'BatchUpdateFindings':
        return batchUpdateFindings(req, ctx);
      default:
        throw unknownOperation('securityhub', req.operation ?? `${req.method} ${req.path}`);
    }
  },
};

type Finding = Record<string, unknown>;

function batchImportFindings(req: SimRequest, ctx: HandlerContext): SimReply {
  const findings = req.json['Findings'];
  if (!Array.isArray(findings)) throw new SimError('InvalidInputException', 400, 'Findings is required');
  if (findings.length > MAX_FINDINGS_PER_IMPORT) {
    throw new SimError('InvalidInputException', 400, `Findings may hold at most ${MAX_FINDINGS_PER_IMPORT} findings, got ${findings.length}`);
  }
  const state = ctx.securityHub();
  const productArn = `arn:${ctx.world.partition}:securityhub:${req.region}:${ctx.account.id}:product/${ctx.account.id}/default`;
  const failed: ImportFindingsError[] = [];
  for (const raw of findings as unknown[]) {
    const finding: Finding = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Finding) : {};
    const id = typeof finding['Id'] === 'string' ? finding['Id'] : '';
    const error = invalidInput(finding) ?? notYours(finding, ctx.account.id, productArn);
    const code = error?.code ?? state.injectedFailure();
    if (code !== undefined) {
      failed.push({ Id: id, ErrorCode: code, ErrorMessage: error?.message ?? `the simulation's securityHubFailedFindings fault failed this finding (${code})` });
      continue;
    }
    const key = securityHubKey(productArn, id);
    const existing = state.findings.get(key);
    // A finding whose UpdatedAt is not after the stored one's is ignored, yet counted a success
    // (https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchimportfindings.html).
    if (existing && Date.parse(String(finding['UpdatedAt'])) <= Date.parse(existing.finding.UpdatedAt ?? '')) continue;
    state.findings.set(key, { finding: stored(finding, existing?.finding, req.region), imports: (existing?.imports ?? 0) + 1 });
  }
  return { operation: 'BatchImportFindings', output: { FailedCount: failed.length, SuccessCount: findings.length - failed.length, FailedFindings: failed } };
}

/**
 * AWS does not enumerate ImportFindingsError.ErrorCode values
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_ImportFindingsError.html); "InvalidInput"
 * names the request-level InvalidInputException for a single finding.
 */
function invalidInput(finding: Finding): { code: string; message: string } | undefined {
  const provider = (finding['FindingProviderFields'] ?? {}) as Finding;
  const missing = [
    ...REQUIRED.filter((name) => !present(finding[name])),
    ...(['Severity', 'Types'] as const).filter((name) => !present(finding[name]) && !present(provider[name])),
  ];
  if (missing.length > 0) return { code: 'InvalidInput', message: `Finding is missing required attributes: ${missing.join(', ')}` };
  const badTime = TIMESTAMPS.find((name) => finding[name] !== undefined && Number.isNaN(Date.parse(String(finding[name]))));
  if (badTime) return { code: 'InvalidInput', message: `${badTime} is not an ISO 8601 timestamp` };
  return undefined;
}

function present(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null;
}

/**
 * The caller must be the account in AwsAccountId when it uses the default product ARN
 * (https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html), and the
 * default product ARN names the caller's account and region. AWS documents no FailedFindings code for
 * either, so AccessDeniedException is assumed. Real AWS may instead refuse the whole request with
 * AccessDeniedException, as its IAM check is on the product ARN (https://github.com/prowler-cloud/prowler/issues/867).
 */
function notYours(finding: Finding, accountId: string, productArn: string): { code: string; message: string } | undefined {
  if (finding['AwsAccountId'] !== accountId) {
    return { code: 'AccessDeniedException', message: `Account ${accountId} cannot import findings for account ${String(finding['AwsAccountId'])}` };
  }
  if (finding['ProductArn'] !== productArn) {
    return { code: 'AccessDeniedException', message: `Account ${accountId} cannot import findings for product ${String(finding['ProductArn'])}; its default product here is ${productArn}` };
  }
  return undefined;
}

/** The finding as Security Hub keeps it: the provider's values, plus what Security Hub sets itself. */
function stored(finding: Finding, existing: AwsSecurityFinding | undefined, region: string): AwsSecurityFinding {
  const out: Finding = { ...finding, Region: region };
  const provider: Finding = { ...((finding['FindingProviderFields'] ?? {}) as Finding) };
  for (const name of PROVIDER_FIELDS) {
    const value = provider[name] ?? finding[name];
    if (value === undefined) continue;
    out[name] = value;
    provider[name] = value;
  }
  out['FindingProviderFields'] = provider;
  if (existing) {
    for (const name of CUSTOMER_FIELDS) out[name] = existing[name];
  } else {
    out['Workflow'] ??= { Status: 'NEW' };
  }
  out['RecordState'] ??= 'ACTIVE';
  // invalidInput() has checked the members AwsSecurityFinding requires.
  return out as unknown as AwsSecurityFinding;
}

function getFindings(req: SimRequest, ctx: HandlerContext): SimReply {
  if (req.json['SortCriteria'] !== undefined) throw unknownOperation('securityhub', 'GetFindings with SortCriteria');
  const filters = (req.json['Filters'] ?? {}) as Record<string, StringFilter[] | undefined>;
  const unsupported = Object.keys(filters).filter((name) => !(FILTERABLE as readonly string[]).includes(name));
  if (unsupported.length > 0) throw unknownOperation('securityhub', `GetFindings filters on ${unsupported.join(', ')}`);
  const matching = [...ctx.securityHub().findings.values()]
    .map((s) => s.finding)
    .filter((f) => FILTERABLE.every((name) => matches(f[name], filters[name] ?? [])));
  const page = ctx.page(matching, {
    token: typeof req.json['NextToken'] === 'string' ? req.json['NextToken'] : undefined,
    requested: numberParam(req.json['MaxResults']),
    max: MAX_RESULTS,
    defaultSize: MAX_RESULTS,
    operation: 'GetFindings',
    errors: { token: 'InvalidInputException', size: 'InvalidInputException' },
  });
  return { operation: 'GetFindings', output: page.next === undefined ? { Findings: page.items } : { Findings: page.items, NextToken: page.next } };
}

/**
 * EQUALS, PREFIX and CONTAINS filters on one field are joined by OR, their NOT_ forms by AND
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_StringFilter.html).
 */
function matches(value: string | undefined, filters: readonly StringFilter[]): boolean {
  const v = value ?? '';
  const test = (f: StringFilter): boolean => {
    const target = f.Value ?? '';
    switch (f.Comparison) {
      case 'EQUALS': case 'NOT_EQUALS': return v === target;
      case 'PREFIX': case 'PREFIX_NOT_EQUALS': return v.startsWith(target);
      case 'CONTAINS': case 'NOT_CONTAINS': return v.includes(target);
      default: throw new SimError('InvalidInputException', 400, `Invalid comparison ${String(f.Comparison)}`);
    }
  };
  const positive = filters.filter((f) => !f.Comparison?.startsWith('NOT_') && f.Comparison !== 'PREFIX_NOT_EQUALS');
  const negative = filters.filter((f) => !positive.includes(f));
  return (positive.length === 0 || positive.some(test)) && negative.every((f) => !test(f));
}

/** "update up to 100 existing findings at a time" (https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchupdatefindings.html). */
const MAX_FINDINGS_PER_UPDATE = 100;

/**
 * A member account may update only its own findings (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindings.html);
 * one it does not have comes back in UnprocessedFindings. Only Workflow and Note are simulated.
 */
function batchUpdateFindings(req: SimRequest, ctx: HandlerContext): SimReply {
  const identifiers = req.json['FindingIdentifiers'];
  if (!Array.isArray(identifiers) || identifiers.length === 0) throw new SimError('InvalidInputException', 400, 'FindingIdentifiers is required');
  if (identifiers.length > MAX_FINDINGS_PER_UPDATE) throw new SimError('InvalidInputException', 400, `FindingIdentifiers may hold at most ${MAX_FINDINGS_PER_UPDATE} findings, got ${identifiers.length}`);
  const workflow = req.json['Workflow'] as { Status?: string } | undefined;
  const note = req.json['Note'] as { Text?: string; UpdatedBy?: string } | undefined;
  const state = ctx.securityHub();
  const processed: Array<{ Id: string; ProductArn: string }> = [];
  const unprocessed: Array<{ FindingIdentifier: { Id: string; ProductArn: string }; ErrorCode: string; ErrorMessage: string }> = [];
  for (const raw of identifiers as Array<{ Id?: string; ProductArn?: string }>) {
    const id = { Id: String(raw.Id ?? ''), ProductArn: String(raw.ProductArn ?? '') };
    const entry = state.findings.get(securityHubKey(id.ProductArn, id.Id));
    if (!entry || entry.finding.AwsAccountId !== ctx.account.id) {
      unprocessed.push({ FindingIdentifier: id, ErrorCode: 'FindingNotFound', ErrorMessage: `no finding ${id.Id} of ${id.ProductArn} in account ${ctx.account.id}` });
      continue;
    }
    entry.finding = {
      ...entry.finding,
      ...(workflow?.Status ? { Workflow: { Status: workflow.Status as never } } : {}),
      ...(note?.Text ? { Note: { Text: note.Text, UpdatedBy: note.UpdatedBy ?? '', UpdatedAt: ctx.now().toISOString() } } : {}),
    };
    processed.push(id);
  }
  return { operation: 'BatchUpdateFindings', output: { ProcessedFindings: processed, UnprocessedFindings: unprocessed } };
}
