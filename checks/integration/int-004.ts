import { defineCheck, type CheckResult, type ResourceRef } from '../../src/model/check.js';
import {
  apiRef, integrationsOf, isListenerArn, lbRef, listenerRef, listenersByArn, listenersUnusable, loadBalancerArnOf, loadBalancerUnusable, locationOfArn,
  SECURE_PROTOCOLS, TYPES, unlistedApiScopes, uniqueRefs, uriTargetsOf,
} from './common.js';

export default defineCheck({
  id: 'INT-004',
  title: 'V2 integrationTarget unusable',
  severity: 'HIGH',
  resourceType: TYPES.api,
  requires: ['apigateway', 'elbv2'],
  remediation: {
    text: "Set integrationTarget to an active load balancer (or its listener) in the API's account and Region; for an https:// URI it needs a TLS or HTTPS listener on the URI's port.",
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html'],
  messages: {
    targetUnusable: 'API {{name}} ({{id}}) sends to integration target(s) that cannot serve it: {{details}}.',
    notTls: 'API {{name}} ({{id}}) has https:// integration(s) whose target has no TLS/HTTPS listener on the port: {{details}}.',
  },
  evaluate(inventory, report) {
    const listeners = listenersByArn(inventory);
    const results = inventory.restApis.map((api): CheckResult => {
      const resource = apiRef(api);
      if (api.resources === undefined) return report.error(api, resource, `the resources of API ${api.id} were not read`);
      const targeted = integrationsOf(api).filter((i) => i.integration.integrationTarget !== undefined);
      if (targeted.length === 0) return report.notApplicable(api, resource);
      const related: ResourceRef[] = [];
      const unusableTargets: string[] = [];
      const notTls: string[] = [];
      let uncertain: string | undefined;
      for (const { integration, path, httpMethod } of targeted) {
        const target = integration.integrationTarget ?? '';
        const where = `${httpMethod} ${path}`;
        const lbArn = loadBalancerArnOf(target);
        related.push(lbRef(lbArn));
        const loc = locationOfArn(lbArn, api);
        if (loc.accountId !== api.accountId || loc.region !== api.region) {
          unusableTargets.push(`${where}: ${target} is not in the API's account and Region`);
          continue;
        }
        const lb = inventory.loadBalancers.get(lbArn);
        if (!lb) {
          const reason = loadBalancerUnusable(inventory, lbArn, api);
          if (reason) uncertain ??= reason;
          else unusableTargets.push(`${where}: ${target} does not exist`);
          continue;
        }
        if (lb.state !== 'active') {
          unusableTargets.push(`${where}: ${lb.name} is ${lb.state}`);
          continue;
        }
        const reason = listenersUnusable(inventory, lb);
        if (reason) {
          uncertain ??= reason;
          continue;
        }
        const lbListeners = inventory.listenersByLoadBalancer.get(lb.arn) ?? [];
        if (isListenerArn(target)) {
          const listener = listeners.get(target);
          if (!listener) {
            unusableTargets.push(`${where}: listener ${target} does not exist`);
            continue;
          }
          related.push(listenerRef(listener.arn));
          if (uriTargetsOf(api, integration).some((t) => t.scheme === 'https') && !SECURE_PROTOCOLS.has(listener.protocol)) notTls.push(`${where}: listener ${listener.port}/${listener.protocol}`);
          continue;
        }
        for (const t of uriTargetsOf(api, integration)) {
          const listener = lbListeners.find((l) => l.port === t.port);
          if (!listener) {
            unusableTargets.push(`${where}: ${lb.name} has no listener on port ${t.port}`);
            continue;
          }
          related.push(listenerRef(listener.arn));
          if (t.scheme === 'https' && !SECURE_PROTOCOLS.has(listener.protocol)) notTls.push(`${where}: ${lb.name} listens on ${t.port} with ${listener.protocol}`);
        }
      }
      const values = { name: api.name, id: api.id };
      const rel = uniqueRefs(related);
      if (unusableTargets.length) return report.fail(api, resource, 'targetUnusable', { ...values, details: [...unusableTargets, ...notTls].join('; ') }, { related: rel });
      if (notTls.length) return report.fail(api, resource, 'notTls', { ...values, details: notTls.join('; ') }, { related: rel });
      if (uncertain) return report.error(api, resource, uncertain);
      return report.pass(api, resource, rel);
    });
    return [...results, ...unlistedApiScopes(inventory).map((s) => report.error(s, { arn: s.arn, type: TYPES.api }, s.reason))];
  },
});
