import { defineCheck } from '../../src/model/check.js';
import { apiRef, perStage, stageRef, STAGE_TYPE } from './common.js';

export default defineCheck({
  id: 'OPS-003',
  title: 'Stage logs full request and response data (data trace on)',
  severity: 'MEDIUM',
  resourceType: STAGE_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Set dataTraceEnabled to false in the stage\'s method settings (the */* default and every per-method override): full request and response logging writes headers, tokens and bodies to CloudWatch Logs. Use access logs for request records instead.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/api/API_MethodSetting.html'],
  messages: {
    dataTrace: 'Stage {{stage}} of API {{name}} ({{id}}) logs full request and response data for {{settings}}.',
  },
  evaluate(inventory, report) {
    return perStage(inventory, report, (stage, api) => {
      const tracing = Object.entries(stage.methodSettings)
        .filter(([, s]) => s.dataTraceEnabled === true)
        .map(([key]) => key)
        .sort();
      if (tracing.length === 0) return report.pass(stage, stageRef(stage), [apiRef(api)]);
      return report.fail(stage, stageRef(stage), 'dataTrace', { stage: stage.stageName, name: api.name, id: api.id, settings: tracing.join(', ') }, { related: [apiRef(api)] });
    });
  },
});
