import { z } from 'zod';
import { SEVERITIES, type CheckResult } from '../model/check.js';
import { LIFECYCLES, type Finding, type RunRecord } from '../model/finding.js';
import { CollectionState, Partition } from '../model/inventory.js';
import { formatPath } from '../model/snapshot.js';
import { summarizeReport, type CollectionRow, type Report, type ReportSource, type ReportSummary } from './model.js';

/**
 * The JSON report: everything the other formats need except the inventory, so `privapi report
 * --findings` can re-render any format from it (diagrams also need `--snapshot`). Results are
 * counted, and only the ones that could not be evaluated are listed: a thousand accounts give
 * ~80,000 results, almost all PASS or NOT_APPLICABLE, which would make the file about 40 MB (4.4 MB measured for 8,613 results) and its
 * rendering the largest allocation of a run, for no finding. The schema is
 * zod, published as JSON Schema by `privapi report --json-schema`; the annotations below keep it
 * in step with the TypeScript types at compile time.
 */

export const REPORT_KIND = 'privapi-report';
export const REPORT_SCHEMA_VERSION = 1;

const Severity = z.enum(SEVERITIES);
const Lifecycle = z.enum(LIFECYCLES);
const ResourceRef = z.object({ arn: z.string(), type: z.string() });
const severityCounts = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int().nonnegative()])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>);

const FindingSchema: z.ZodType<Finding> = z.object({
  id: z.string(),
  checkId: z.string(),
  accountId: z.string(),
  region: z.string(),
  resource: ResourceRef,
  related: z.array(ResourceRef),
  severity: Severity,
  title: z.string(),
  message: z.string(),
  messageId: z.string().optional(),
  remediation: z.object({ text: z.string(), url: z.string() }),
  state: z.enum(['ACTIVE', 'RESOLVED']),
  lifecycle: Lifecycle,
  firstObservedAt: z.string(),
  lastObservedAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().optional(),
  resolution: z.enum(['PASSED', 'NOT_APPLICABLE', 'RESOURCE_GONE']).optional(),
  muted: z.object({ entry: z.string(), reason: z.string(), owner: z.string(), expires: z.string() }).optional(),
  runId: z.string(),
  runStartedAt: z.string(),
  exportPending: z.object({ since: z.string(), error: z.string() }).optional(),
});

const ResultSchema: z.ZodType<CheckResult> = z.object({
  checkId: z.string(),
  status: z.enum(['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR']),
  accountId: z.string(),
  region: z.string(),
  resource: ResourceRef,
  related: z.array(ResourceRef),
  severity: Severity,
  messageId: z.string().optional(),
  message: z.string(),
});

const scopeOutcome = z.object({ complete: z.array(z.string()), partial: z.array(z.string()), failed: z.array(z.string()) });

const RunSchema: z.ZodType<RunRecord> = z.object({
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  status: z.enum(['RUNNING', 'COMPLETE', 'INCOMPLETE', 'FAILED']),
  privapiVersion: z.string(),
  scope: z.object({ mode: z.enum(['organization', 'account']), accounts: z.array(z.string()), regions: z.array(z.string()), checks: z.array(z.string()) }),
  accounts: scopeOutcome,
  regions: z.object({ complete: z.number(), partial: z.number(), failed: z.number() }),
  counts: z.object({
    bySeverity: severityCounts,
    byLifecycle: z.object(Object.fromEntries(LIFECYCLES.map((l) => [l, z.number().int().nonnegative()])) as Record<(typeof LIFECYCLES)[number], z.ZodNumber>),
    muted: z.number(),
    unevaluated: z.number(),
  }),
  expiredMutes: z.array(z.string()),
  securityHub: z.object({ sent: z.number(), archived: z.number(), failed: z.number(), retriedFromEarlierRuns: z.number(), workflowUpdated: z.number() }).optional(),
  problems: z.array(z.string()),
});

const SourceSchema: z.ZodType<ReportSource> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('audit'), runId: z.string() }),
  z.object({ kind: z.literal('snapshot'), file: z.string() }),
  z.object({ kind: z.literal('findings'), file: z.string() }),
]);

const CollectionRowSchema: z.ZodType<CollectionRow> = z.object({ accountId: z.string(), region: z.string(), state: CollectionState, problems: z.array(z.string()) });

const SummarySchema: z.ZodType<ReportSummary> = z.object({
  open: z.number(),
  muted: z.number(),
  resolved: z.number(),
  unknown: z.number(),
  bySeverity: severityCounts,
  byAccount: z.array(z.object({ accountId: z.string(), open: z.number(), bySeverity: severityCounts })),
  byCheck: z.array(z.object({ checkId: z.string(), title: z.string(), severity: Severity, open: z.number() })),
  byStatus: z.object({ PASS: z.number(), FAIL: z.number(), NOT_APPLICABLE: z.number(), ERROR: z.number() }).optional(),
});

export const ReportDocument = z.object({
  kind: z.literal(REPORT_KIND),
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generatedAt: z.string(),
  privapiVersion: z.string(),
  source: SourceSchema,
  partition: Partition,
  homeRegion: z.string(),
  /** Derived from the findings and results; recomputed, not trusted, when a report is read back. */
  summary: SummarySchema,
  run: RunSchema.optional(),
  collection: z.array(CollectionRowSchema).optional(),
  /** Every result by status. */
  resultCounts: z.object({ PASS: z.number().int().nonnegative(), FAIL: z.number().int().nonnegative(), NOT_APPLICABLE: z.number().int().nonnegative(), ERROR: z.number().int().nonnegative() }).optional(),
  /** The ERROR results: what could not be evaluated, and why. */
  unevaluated: z.array(ResultSchema).optional(),
  findings: z.array(FindingSchema),
});
export type ReportDocument = z.infer<typeof ReportDocument>;

export function toReportDocument(report: Report): ReportDocument {
  const summary = summarizeReport(report);
  return {
    kind: REPORT_KIND,
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: report.generatedAt,
    privapiVersion: report.privapiVersion,
    source: report.source,
    partition: report.partition,
    homeRegion: report.homeRegion,
    summary,
    ...(report.run ? { run: report.run } : {}),
    ...(report.collection ? { collection: report.collection } : {}),
    ...(summary.byStatus ? { resultCounts: summary.byStatus } : {}),
    ...(report.results ? { unevaluated: report.results.filter((r) => r.status === 'ERROR') } : {}),
    findings: report.findings,
  };
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(toReportDocument(report), null, 2)}\n`;
}

export function reportJsonSchema(): unknown {
  return z.toJSONSchema(ReportDocument, { io: 'input' });
}

/** A JSON report that cannot be read back; `problems` are "path: message" lines. */
export class ReportFileError extends Error {
  override readonly name = 'ReportFileError';
  constructor(file: string, readonly problems: readonly string[]) {
    super(`${file} is not a privapi JSON report (privapi audit --format json):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Reads a JSON report back as a Report (without inventory); the file name is used in messages. */
export function parseReportDocument(text: string, file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ReportFileError(file, [`not JSON: ${(err as Error).message}`]);
  }
  const kind = (data as { kind?: unknown } | null)?.kind;
  if (kind !== REPORT_KIND) throw new ReportFileError(file, [`kind: expected "${REPORT_KIND}", got ${JSON.stringify(kind)}`]);
  const parsed = ReportDocument.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const shown = issues.slice(0, 10).map((i) => `${formatPath(i.path) || '(document)'}: ${i.message}`);
    if (issues.length > shown.length) shown.push(`… and ${issues.length - shown.length} more`);
    throw new ReportFileError(file, shown);
  }
  const doc = parsed.data;
  return {
    generatedAt: doc.generatedAt,
    privapiVersion: doc.privapiVersion,
    source: doc.source,
    partition: doc.partition,
    homeRegion: doc.homeRegion,
    findings: doc.findings,
    ...(doc.run ? { run: doc.run } : {}),
    ...(doc.collection ? { collection: doc.collection } : {}),
    ...(doc.unevaluated ? { results: doc.unevaluated } : {}),
    ...(doc.resultCounts ? { resultCounts: doc.resultCounts } : {}),
  };
}
