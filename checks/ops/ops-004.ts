import { defineCheck } from '../../src/model/check.js';
import { apiRef, perStage, stageRef, STAGE_TYPE } from './common.js';

export default defineCheck({
  id: 'OPS-004',
  title: 'Stage without X-Ray tracing, AWS WAF or cache encryption',
  severity: 'LOW',
  resourceType: STAGE_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'On the stage: turn on X-Ray tracing (tracingEnabled), associate an AWS WAF regional web ACL, and where the stage cache is enabled set cacheDataEncrypted to true for every cached method setting (the */* default and overrides).',
    url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html',
  },
  references: [
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-xray.html',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html',
  ],
  messages: {
    missing: 'Stage {{stage}} of API {{name}} ({{id}}) lacks: {{missing}}.',
  },
  evaluate(inventory, report) {
    return perStage(inventory, report, (stage, api) => {
      const missing: string[] = [];
      if (!stage.tracingEnabled) missing.push('X-Ray tracing');
      if (!stage.webAclArn?.trim()) missing.push('an AWS WAF web ACL');
      // Cache encryption matters only where the stage has a cache and a setting caches responses.
      const unencrypted = stage.cacheClusterEnabled
        ? Object.entries(stage.methodSettings)
            .filter(([, s]) => s.cachingEnabled === true && s.cacheDataEncrypted !== true)
            .map(([key]) => key)
            .sort()
        : [];
      if (unencrypted.length > 0) missing.push(`cache encryption (${unencrypted.join(', ')})`);
      if (missing.length === 0) return report.pass(stage, stageRef(stage), [apiRef(api)]);
      return report.fail(stage, stageRef(stage), 'missing', { stage: stage.stageName, name: api.name, id: api.id, missing: missing.join(', ') }, { related: [apiRef(api)] });
    });
  },
});
