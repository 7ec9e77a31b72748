import { describe, expect, it } from 'vitest';
import vpce007 from '../../../checks/domains/vpce-007.js';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A, ACCOUNT_B, api, endpoint, failing, R1, R2, regional, world } from './fixtures.js';

const NEAR = 'vpce-0near00000000001';
const FAR = 'vpce-0far000000000001';
const near = endpoint(NEAR, { region: R1 });
const far = endpoint(FAR, { region: R2 });
const scenario = (...apis: ReturnType<typeof api>[]) =>
  world([regional(ACCOUNT_A, R1, { restApis: apis }), regional(ACCOUNT_B, R1, { vpcEndpoints: [near] }), regional(ACCOUNT_B, R2, { vpcEndpoints: [far] })]);

testCheck(vpce007, {
  pass: [scenario(api('near000001', [NEAR])), scenario(api('near000001', [NEAR, 'vpce-0unknown000000001']))],
  fail: [
    { snapshot: scenario(api('far0000001', [NEAR, FAR]), api('near000001', [NEAR])), findings: [{ resource: api('far0000001', []).arn, messageId: 'otherRegion' }] },
    // A deleted endpoint of another region is POLICY-004's, not reported here.
    {
      snapshot: world([regional(ACCOUNT_A, R1, { restApis: [api('far0000001', [FAR, 'vpce-0gone0000000001'])] }), regional(ACCOUNT_B, R2, { vpcEndpoints: [far, endpoint('vpce-0gone0000000001', { region: R2, state: 'deleted' })] })]),
      findings: [{ resource: api('far0000001', []).arn, messageId: 'otherRegion' }],
    },
  ],
  notApplicable: [scenario(api('reg0000001', [], { endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] } }), api('nopol00001', [], { policy: undefined }))],
  error: [
    failing(scenario(api('far0000001', [NEAR, FAR])), ACCOUNT_A, R1, 'apigateway', 'GetRestApis'),
    scenario(api('bad0000001', [], { policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringEqulas":{"aws:SourceVpce":"x"}}}]}' })),
    // An unknown endpoint id while EC2 failed somewhere: its region cannot be told.
    failing(scenario(api('unk0000001', ['vpce-0unknown000000001'])), ACCOUNT_B, R2, 'ec2', 'DescribeVpcEndpoints'),
  ],
});

describe('VPCE-007 details', () => {
  it('relates the far endpoint and names its region', () => {
    const fail = resultsOf(vpce007, scenario(api('far0000001', [NEAR, FAR]))).find((r) => r.status === 'FAIL');
    expect(fail?.related.map((r) => r.arn)).toEqual([far.arn]);
    expect(fail?.message).toContain(`${FAR} (${R2})`);
  });
  it('names what could not be understood in a malformed policy', () => {
    const error = resultsOf(vpce007, scenario(api('bad0000001', [], { policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringEqulas":{"aws:SourceVpce":"x"}}}]}' }))).find((r) => r.status === 'ERROR');
    expect(error?.message).toMatch(/StringEqulas/);
  });
});
