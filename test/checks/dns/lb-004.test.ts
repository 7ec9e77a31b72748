import { expect, it } from 'vitest';
import lb004, { legacyTlsVersion } from '../../../checks/dns/lb-004.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A } from '../../helpers/snapshot-builder.js';
import { frontRegion, lbArn, listener, listenerArn, REGION, regionalSnapshot, unrelatedRegion, withStatus } from './fixtures.js';

const finding = { resource: listenerArn('front'), messageId: 'legacyTls' };

testCheck(lb004, {
  pass: [
    regionalSnapshot(frontRegion()),
    // A plain TCP listener beside it is not a TLS front end.
    regionalSnapshot(frontRegion({ extra: { listeners: [listener('front'), listener('front', { arn: listenerArn('front', 80), port: 80, protocol: 'TCP', sslPolicy: undefined, certificateArns: [] })] } })),
  ],
  fail: [
    { snapshot: regionalSnapshot(frontRegion({ listener: { sslPolicy: 'ELBSecurityPolicy-TLS-1-0-2015-04' } })), findings: [finding] },
    { snapshot: regionalSnapshot(frontRegion({ listener: { protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-1-2021-06' } })), findings: [finding] },
  ],
  notApplicable: [regionalSnapshot(unrelatedRegion())],
  error: [
    withStatus(regionalSnapshot(frontRegion({ extra: { listeners: [] } })), { accountId: ACCOUNT_A, region: REGION, service: 'elbv2', state: 'partial', errors: [{ operation: 'DescribeListeners', code: 'AccessDenied', message: 'denied', resource: lbArn('front') }] }),
    regionalSnapshot(frontRegion({ targets: undefined, listener: { sslPolicy: 'ELBSecurityPolicy-2016-08' } })),
  ],
});

it('knows which predefined policies accept TLS below 1.2', () => {
  expect(legacyTlsVersion('ELBSecurityPolicy-2016-08')).toBe('TLS 1.0');
  expect(legacyTlsVersion('ELBSecurityPolicy-TLS13-1-0-2021-06')).toBe('TLS 1.0');
  expect(legacyTlsVersion('ELBSecurityPolicy-FS-1-1-2019-08')).toBe('TLS 1.1');
  expect(legacyTlsVersion('ELBSecurityPolicy-TLS13-1-2-2021-06')).toBeUndefined();
  expect(legacyTlsVersion('ELBSecurityPolicy-TLS-1-2-Ext-2018-06')).toBeUndefined();
  expect(legacyTlsVersion('ELBSecurityPolicy-FS-1-2-Res-2020-10')).toBeUndefined();
});
