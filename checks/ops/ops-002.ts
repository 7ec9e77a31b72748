import { defineCheck } from '../../src/model/check.js';
import { apiRef, perStage, stageRef, STAGE_TYPE } from './common.js';

export default defineCheck({
  id: 'OPS-002',
  title: 'Stage has no access logging',
  severity: 'MEDIUM',
  resourceType: STAGE_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Configure access logging on the stage (accessLogSettings): a CloudWatch Logs group or Firehose stream as destination and a format that records at least $context.requestId, $context.identity.sourceIp, $context.identity.vpceId and $context.status.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html'],
  messages: {
    noAccessLogs: 'Stage {{stage}} of API {{name}} ({{id}}) has no access log destination.',
  },
  evaluate(inventory, report) {
    return perStage(inventory, report, (stage, api) =>
      stage.accessLogDestinationArn?.trim()
        ? report.pass(stage, stageRef(stage), [apiRef(api)])
        : report.fail(stage, stageRef(stage), 'noAccessLogs', { stage: stage.stageName, name: api.name, id: api.id }, { related: [apiRef(api)] }),
    );
  },
});
