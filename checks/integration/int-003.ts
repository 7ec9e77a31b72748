import { defineCheck, type CheckResult, type ResourceRef } from '../../src/model/check.js';
import { apiRef, connectionIdsOf, lbRef, linkRef, listenerRef, listenersUnusable, loadBalancerUnusable, TYPES, unlistedApiScopes, unusable, uniqueRefs, uriTargetsOf, vpcLinkIntegrationsOf } from './common.js';

export default defineCheck({
  id: 'INT-003',
  title: 'VPC link V1 target NLB unusable',
  severity: 'HIGH',
  resourceType: TYPES.link,
  requires: ['apigateway', 'elbv2'],
  remediation: {
    text: "Point the VPC link at an active Network Load Balancer in the API's account and Region, with a listener on the port of every integration URI that uses the link.",
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-nlb-for-vpclink-using-console.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html'],
  messages: {
    nlbUnusable: 'VPC link {{name}} ({{id}}) targets load balancer(s) that cannot serve it: {{details}}.',
    noListener: 'VPC link {{name}} ({{id}}): its NLB has no listener on the port integrations send to: {{details}}.',
  },
  evaluate(inventory, report) {
    const results = [...inventory.vpcLinksV1.values()].map((link): CheckResult => {
      const resource = linkRef(link);
      const related: ResourceRef[] = [];
      const problems: string[] = [];
      const noListener: string[] = [];
      let uncertain: string | undefined;
      // The integrations (and their ports) that use this link, literally or through a stage variable.
      const users = inventory.restApis
        .filter((a) => a.accountId === link.accountId && a.region === link.region)
        .flatMap((api) => {
          if (api.resources === undefined) {
            uncertain ??= `the resources of API ${api.id} were not read`;
            return [];
          }
          return vpcLinkIntegrationsOf(api).filter((i) => connectionIdsOf(api, i.integration).includes(link.id));
        });
      for (const u of users) related.push(apiRef(u.api));
      // A link no integration uses carries no traffic: nothing to break.
      if (users.length === 0) return uncertain ? report.error(link, resource, uncertain) : report.notApplicable(link, resource);
      if (link.targetArns.length === 0) problems.push('no target load balancer');
      for (const arn of link.targetArns) {
        related.push(lbRef(arn));
        const lb = inventory.loadBalancers.get(arn);
        if (!lb) {
          const reason = loadBalancerUnusable(inventory, arn, link);
          if (reason) uncertain ??= reason;
          else problems.push(`${arn} does not exist`);
          continue;
        }
        if (lb.accountId !== link.accountId || lb.region !== link.region) problems.push(`${lb.name} is not in the API's account and Region`);
        if (lb.type !== 'network') problems.push(`${lb.name} is an ${lb.type} load balancer, not an NLB`);
        if (lb.state !== 'active') problems.push(`${lb.name} is ${lb.state}`);
        const ports = [...new Set(users.flatMap((u) => uriTargetsOf(u.api, u.integration).map((t) => t.port)))];
        if (ports.length === 0) continue;
        const reason = listenersUnusable(inventory, lb);
        if (reason) {
          uncertain ??= reason;
          continue;
        }
        const listeners = inventory.listenersByLoadBalancer.get(lb.arn) ?? [];
        for (const port of ports) {
          const listener = listeners.find((l) => l.port === port);
          if (listener) related.push(listenerRef(listener.arn));
          else noListener.push(`${lb.name} port ${port}`);
        }
      }
      const values = { name: link.name, id: link.id };
      const rel = uniqueRefs(related);
      if (problems.length) return report.fail(link, resource, 'nlbUnusable', { ...values, details: [...problems, ...noListener].join('; ') }, { related: rel });
      if (noListener.length) return report.fail(link, resource, 'noListener', { ...values, details: noListener.join('; ') }, { related: rel });
      const notRead = uncertain ?? unusable(inventory, link, 'apigateway', ['GetRestApis']);
      if (notRead) return report.error(link, resource, notRead);
      return report.pass(link, resource, rel);
    });
    // Where the API Gateway listing failed, the V1 links there were never seen.
    return [...results, ...unlistedApiScopes(inventory).map((s) => report.error(s, { arn: s.arn, type: TYPES.link }, s.reason))];
  },
});
