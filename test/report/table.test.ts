import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { renderTable } from '../../src/report/table.js';
import { makeFinding } from '../helpers/findings.js';

const base: Omit<Report, 'findings'> = { generatedAt: '2026-11-21T00:00:00.000Z', privapiVersion: 'test', source: { kind: 'findings', file: 'r.json' }, partition: 'aws', homeRegion: 'us-east-1' };
const api = (id: string) => ({ arn: `arn:aws:apigateway:us-east-1::/restapis/${id}`, type: 'AwsApiGatewayRestApi' });

describe('renderTable', () => {
  const findings = [
    makeFinding({ checkId: 'VPCE-001', accountId: '222222222222', severity: 'HIGH', message: 'second account', resource: api('b') }),
    makeFinding({ checkId: 'POLICY-002', accountId: '111111111111', severity: 'HIGH', message: 'first account', resource: api('a') }),
    makeFinding({ checkId: 'OPS-001', accountId: '111111111111', severity: 'LOW', message: 'low one', lifecycle: 'STILL_FAILING', resource: api('c') }),
    makeFinding({ checkId: 'OPS-002', severity: 'CRITICAL', message: 'muted one', muted: { entry: 'm[0]', reason: 'r', owner: 'o', expires: '2099-01-01' }, resource: api('d') }),
    makeFinding({ checkId: 'OPS-003', severity: 'CRITICAL', message: 'resolved one', state: 'RESOLVED', lifecycle: 'RESOLVED', resource: api('e') }),
  ];

  it('groups open findings by severity, then account, highest first; muted and resolved are only counted', () => {
    const text = renderTable({ ...base, findings }, { colour: false });
    expect(text.split('\n')).toEqual([
      '3 open findings (2 HIGH, 1 LOW); 1 muted, 1 resolved this run.',
      '',
      'HIGH (2)',
      '  111111111111 (1)',
      '    POLICY-002 us-east-1      first account [new]',
      '  222222222222 (1)',
      '    VPCE-001   us-east-1      second account [new]',
      '',
      'LOW (1)',
      '  111111111111 (1)',
      '    OPS-001    us-east-1      low one',
    ]);
  });

  it('colours severities only when asked, and never passes escape sequences from AWS text through', () => {
    const hostile = [makeFinding({ message: 'evil \u001b]0;pwned\u0007name \u001b[31mred\u001b[0m\nnext line' })];
    const plain = renderTable({ ...base, findings: hostile }, { colour: false });
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('evil name red next line');
    const coloured = renderTable({ ...base, findings: hostile }, { colour: true });
    expect(coloured).toContain('\u001b[1;31mHIGH (1)\u001b[0m');
    expect(coloured).not.toContain('pwned');
  });

  it('summarizes what could not be evaluated per account-region, and caps long groups', () => {
    const err = { checkId: 'VPCE-001', status: 'ERROR' as const, accountId: '333333333333', region: 'eu-west-1', resource: api('x'), related: [], severity: 'HIGH' as const, message: 'ec2 was not collected: AccessDenied' };
    const many = Array.from({ length: 5 }, (_, i) => makeFinding({ message: `m${i}`, resource: api(`r${i}`) }));
    const text = renderTable({ ...base, findings: many, results: [err, { ...err, checkId: 'VPCE-002' }] }, { colour: false, maxPerSeverity: 2 });
    expect(text).toContain('Checks: 0 failed, 0 passed, 0 not applicable, 2 could not be evaluated.');
    expect(text).toContain('… 3 more HIGH finding(s): see --format json, csv or html');
    expect(text).toContain('Could not evaluate (2 results)');
    expect(text).toMatch(/333333333333 eu-west-1 +2 checks, e\.g\. ec2 was not collected: AccessDenied/);
  });
});
