import check from '../../../checks/ops/ep-002.js';
import { snapshotWith } from '../../helpers/snapshot-builder.js';
import { testCheck } from '../../helpers/check-tester.js';
import { account, api, apiArn, failedListing, privateDomain, regional, withErrors } from './fixtures.js';
import type { DomainName, RestApi } from '../../../src/model/inventory.js';

const world = (restApis: RestApi[], domainNames: DomainName[]) => snapshotWith([regional({ restApis, domainNames, apiGatewayAccount: account() })]);
const mapping = (restApiId: string) => ({ basePath: '(none)', restApiId, stage: 'prod' });

testCheck(check, {
  pass: [world([api('a1', { disableExecuteApiEndpoint: true })], [privateDomain('orders.corp.example.com', [mapping('a1')])])],
  fail: [
    {
      snapshot: world([api('a1'), api('a2', { disableExecuteApiEndpoint: true }), api('a3')], [privateDomain('orders.corp.example.com', [mapping('a1'), mapping('a2')])]),
      findings: [{ resource: apiArn('a1'), messageId: 'defaultEndpointOn' }],
    },
  ],
  notApplicable: [
    // Not behind any custom domain.
    world([api('a1')], []),
    // Only a public (REGIONAL) domain maps it, and a domain shared from another account says nothing.
    world([api('a1')], [{ ...privateDomain('api.example.com', [mapping('a1')]), endpointTypes: ['REGIONAL'] }, { ...privateDomain('shared.example.com', undefined), resourceOwner: 'OTHER_ACCOUNTS' }]),
  ],
  error: [
    failedListing,
    // The domain's base path mappings could not be read: the API may be behind it.
    withErrors(world([api('a1')], [privateDomain('orders.corp.example.com', undefined)]), [{ operation: 'GetBasePathMappings', code: 'AccessDeniedException', message: 'denied', resource: 'orders.corp.example.com+abc123' }]),
    withErrors(world([api('a1')], []), [{ operation: 'GetDomainNames', code: 'AccessDeniedException', message: 'denied', resource: 'resourceOwner=SELF' }]),
  ],
});
