import { cognitoAuthorizer, itemMethods } from './apigateway/methods.js';
import { createRestApi } from './apigateway/rest-api.js';
import { addRecord, createHostedZone } from './dns/route53.js';
import type { Site } from './plan.js';
import type { WorldBuilder } from './world-builder.js';

/**
 * What privapi must ignore or take in its stride: public REGIONAL APIs (placed away from private
 * DNS, see plan.ts) and the company's public hosted zone. The hubs' S3 gateway endpoints are the
 * third kind: they come with the network account.
 */
export function addNoise(b: WorldBuilder, publicApiSites: readonly Site[]): void {
  for (const { accountId, region } of publicApiSites) {
    const service = b.serviceName(accountId, 'storefront');
    const authorizer = cognitoAuthorizer(b, accountId, region);
    createRestApi(b, accountId, region, {
      name: service,
      type: 'REGIONAL',
      methods: itemMethods(accountId, region, service, 'COGNITO_USER_POOLS', authorizer.id),
      authorizers: [authorizer],
    });
  }
  const zone = createHostedZone(b, b.org.networkAccountId, { name: 'example.com', privateZone: false, comment: 'Public website and mail' });
  addRecord(zone, { Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '203.0.113.10' }] });
  addRecord(zone, { Name: 'example.com.', Type: 'MX', TTL: 3600, ResourceRecords: [{ Value: '10 inbound-smtp.us-east-1.amazonaws.com' }] });
  addRecord(zone, { Name: 'example.com.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"v=spf1 include:amazonses.com -all"' }] });
}
