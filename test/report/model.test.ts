import { describe, expect, it } from 'vitest';
import { compareFindings, isOpen, summarizeReport } from '../../src/report/model.js';
import { makeFinding } from '../helpers/findings.js';

describe('summarizeReport', () => {
  const findings = [
    makeFinding({ checkId: 'POLICY-002', accountId: '111111111111', severity: 'CRITICAL' }),
    makeFinding({ checkId: 'POLICY-002', accountId: '222222222222', severity: 'CRITICAL', resource: { arn: 'arn:aws:apigateway:us-east-1::/restapis/b', type: 'AwsApiGatewayRestApi' } }),
    makeFinding({ checkId: 'VPCE-001', accountId: '111111111111', severity: 'MEDIUM', lifecycle: 'UNKNOWN' }),
    makeFinding({ checkId: 'VPCE-002', accountId: '111111111111', severity: 'LOW', muted: { entry: 'privapi.config.yaml:3 mutelist[0]', reason: 'accepted', owner: 'team', expires: '2027-01-01' } }),
    makeFinding({ checkId: 'OPS-001', accountId: '111111111111', severity: 'HIGH', state: 'RESOLVED', lifecycle: 'RESOLVED' }),
  ];

  it('counts open findings by severity, account and check; muted, resolved and unknown apart', () => {
    const s = summarizeReport({ findings });
    expect(s).toMatchObject({ open: 3, muted: 1, resolved: 1, unknown: 1 });
    expect(s.bySeverity).toEqual({ INFORMATIONAL: 0, LOW: 0, MEDIUM: 1, HIGH: 0, CRITICAL: 2 });
    expect(s.byAccount.map((a) => [a.accountId, a.open])).toEqual([['111111111111', 2], ['222222222222', 1]]);
    expect(s.byCheck.map((c) => [c.checkId, c.open])).toEqual([['POLICY-002', 2], ['VPCE-001', 1]]);
    expect(s.byStatus).toBeUndefined();
  });

  it('counts results by status when the report has them', () => {
    const result = { checkId: 'X', accountId: '1', region: 'r', resource: { arn: 'a', type: 'Other' }, related: [], severity: 'LOW' as const, message: '' };
    const s = summarizeReport({ findings: [], results: [{ ...result, status: 'PASS' }, { ...result, status: 'ERROR' }, { ...result, status: 'PASS' }] });
    expect(s.byStatus).toEqual({ PASS: 2, FAIL: 0, NOT_APPLICABLE: 0, ERROR: 1 });
  });

  it('orders findings by severity first and treats muted or resolved ones as not open', () => {
    const sorted = [...findings].sort(compareFindings).map((f) => f.severity);
    expect(sorted).toEqual(['CRITICAL', 'CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
    expect(findings.map(isOpen)).toEqual([true, true, true, false, false]);
  });
});
