import { defineCheck } from '../../src/model/check.js';
import { apiRef, OTHER_TYPE, perStage, stageRef, STAGE_TYPE } from './common.js';

const ENABLED = new Set(['ERROR', 'INFO']);

export default defineCheck({
  id: 'OPS-001',
  title: 'Execution logging off, or no account CloudWatch role',
  severity: 'MEDIUM',
  resourceType: STAGE_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Set the stage\'s default method setting (*/*) loggingLevel to ERROR or INFO, and set the API Gateway account setting cloudwatchRoleArn in that region to an IAM role that trusts apigateway.amazonaws.com and has the AmazonAPIGatewayPushToCloudWatchLogs managed policy; without the role, no execution logs are written.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
  },
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html'],
  messages: {
    loggingOff: 'Stage {{stage}} of API {{name}} ({{id}}) has execution logging {{level}} (methodSettings */* loggingLevel).',
    noRole: 'Stage {{stage}} of API {{name}} ({{id}}) logs at {{level}}, but the API Gateway account settings in {{region}} have no CloudWatch role, so no execution logs are written.',
  },
  evaluate(inventory, report) {
    const accountSettings = new Map(inventory.snapshot.regional.map((r) => [`${r.accountId}|${r.region}`, r.apiGatewayAccount] as const));
    return perStage(inventory, report, (stage, api) => {
      const values = { stage: stage.stageName, name: api.name, id: api.id, region: stage.region };
      const level = stage.methodSettings['*/*']?.loggingLevel?.toUpperCase();
      if (level === undefined || !ENABLED.has(level)) {
        return report.fail(stage, stageRef(stage), 'loggingOff', { ...values, level: level ?? 'unset' }, { related: [apiRef(api)] });
      }
      const settings = accountSettings.get(`${stage.accountId}|${stage.region}`);
      const settingsRef = { arn: `arn:${inventory.snapshot.partition}:apigateway:${stage.region}::/account`, type: OTHER_TYPE };
      if (settings === undefined) {
        return report.error(stage, stageRef(stage), `The API Gateway account settings (GetAccount) of ${stage.accountId} in ${stage.region} were not collected, so the CloudWatch role is unknown.`);
      }
      if (!settings.cloudwatchRoleArn?.trim()) return report.fail(stage, stageRef(stage), 'noRole', { ...values, level }, { related: [apiRef(api), settingsRef] });
      return report.pass(stage, stageRef(stage), [apiRef(api)]);
    });
  },
});
