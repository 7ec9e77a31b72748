import { defineCheck, type CheckResult, type ResourceRef } from '../../src/model/check.js';
import {
  apiRef, connectionIdsOf, findLink, isListenerArn, lbRef, linkRef, listenerRef, listenersByArn, listenersUnusable, loadBalancerArnOf, loadBalancerUnusable,
  PLAINTEXT_PROTOCOLS, TYPES, unlistedApiScopes, uniqueRefs, uriTargetsOf, vpcLinkIntegrationsOf, linksUnusable,
} from './common.js';

export default defineCheck({
  id: 'INT-006',
  title: 'Plaintext private integration',
  severity: 'MEDIUM',
  resourceType: TYPES.api,
  requires: ['apigateway', 'apigatewayv2', 'elbv2'],
  remediation: {
    text: 'Use an https:// integration URI and a TLS (NLB) or HTTPS (ALB) listener with a certificate for the URI host, so traffic between API Gateway and the backend is encrypted.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html',
  },
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/network/create-tls-listener.html'],
  messages: {
    plaintext: 'API {{name}} ({{id}}) sends to its private backend in plaintext: {{details}}.',
  },
  evaluate(inventory, report) {
    const listeners = listenersByArn(inventory);
    const results = inventory.restApis.map((api): CheckResult => {
      const resource = apiRef(api);
      if (api.resources === undefined) return report.error(api, resource, `the resources of API ${api.id} were not read`);
      const linked = vpcLinkIntegrationsOf(api);
      if (linked.length === 0) return report.notApplicable(api, resource);
      const related: ResourceRef[] = [];
      const plaintext: string[] = [];
      let uncertain: string | undefined;
      for (const { integration, path, httpMethod } of linked) {
        const ports = uriTargetsOf(api, integration).filter((t) => t.scheme === 'http').map((t) => t.port);
        if (ports.length === 0) continue;
        // The load balancers the integration reaches: its V2 target, or its V1 link's NLB.
        const target = integration.integrationTarget;
        let lbArns: string[];
        if (target !== undefined) lbArns = [loadBalancerArnOf(target)];
        else {
          lbArns = [];
          for (const id of connectionIdsOf(api, integration)) {
            const { v1 } = findLink(inventory, api, id);
            if (v1) {
              related.push(linkRef(v1));
              lbArns.push(...v1.targetArns);
            } else uncertain ??= linksUnusable(inventory, api);
          }
        }
        for (const arn of lbArns) {
          const lb = inventory.loadBalancers.get(arn);
          if (!lb) {
            uncertain ??= loadBalancerUnusable(inventory, arn, api);
            continue;
          }
          related.push(lbRef(lb.arn));
          const reason = listenersUnusable(inventory, lb);
          if (reason) {
            uncertain ??= reason;
            continue;
          }
          const chosen = target !== undefined && isListenerArn(target) ? [listeners.get(target)].filter((l) => l !== undefined) : (inventory.listenersByLoadBalancer.get(lb.arn) ?? []).filter((l) => ports.includes(l.port));
          for (const l of chosen) {
            if (!PLAINTEXT_PROTOCOLS.has(l.protocol)) continue;
            related.push(listenerRef(l.arn));
            plaintext.push(`${httpMethod} ${path} → ${lb.name}:${l.port}/${l.protocol}`);
          }
        }
      }
      const rel = uniqueRefs(related);
      if (plaintext.length) return report.fail(api, resource, 'plaintext', { name: api.name, id: api.id, details: plaintext.join('; ') }, { related: rel });
      if (uncertain) return report.error(api, resource, uncertain);
      return report.pass(api, resource, rel);
    });
    return [...results, ...unlistedApiScopes(inventory).map((s) => report.error(s, { arn: s.arn, type: TYPES.api }, s.reason))];
  },
});
