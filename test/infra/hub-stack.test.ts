import { Match, type Template } from 'aws-cdk-lib/assertions';
import { PolicyDocument } from 'aws-cdk-lib/aws-iam';
import { Aws } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { generatorIdPrefixes } from '../../infra/hub-stack.js';
import type { PrivapiApp } from '../../infra/app.js';
import { hubPolicy } from '../../src/collectors/permissions.js';
import { HUB_ENV } from '../../src/model/hub.js';
import { DEFAULT_FUNCTION } from '../../src/cli/commands/invoke.js';
import type { Partition } from '../../src/model/inventory.js';
import { TTL_ATTRIBUTE } from '../../src/sinks/dynamodb-table.js';
import { only, templates } from './helpers.js';

let built: PrivapiApp & { hubTemplate: Template };
let t: Template;
beforeAll(() => {
  built = templates({ schedule: 'rate(12 hours)', mapMaxConcurrency: 7, regions: ['us-east-1', 'eu-west-1'], externalId: 'privapi-ext', alarmEmail: 'ops@example.com', logRetentionDays: 90 });
  t = built.hubTemplate;
});

/** The state machine definition with its intrinsic functions replaced by the logical ids they reference. */
function definition(): { StartAt: string; States: Record<string, Record<string, unknown>> } {
  const { Properties } = only(t, 'AWS::StepFunctions::StateMachine');
  const join = (Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = join.map((part) => (typeof part === 'string' ? part : `<${(part as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]}>`)).join('');
  return JSON.parse(text);
}
const logicalId = (type: string, prefix: string): string => Object.keys(t.findResources(type)).find((id) => id.startsWith(prefix))!;

describe('hub stack', () => {
  it('GIVEN a schedule in config THEN EventBridge Scheduler invokes the scheduled function with it, retries, and dead-letters', () => {
    const { Properties } = only(t, 'AWS::Scheduler::Schedule');
    expect(Properties).toMatchObject({
      ScheduleExpression: 'rate(12 hours)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId('AWS::Lambda::Function', 'ScheduledFunction'), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'DeadLetterQueue'), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      },
    });
    t.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('THEN the state machine fans out over $.batches with a Distributed Map, retries each batch, tolerates failures, then aggregates', () => {
    const def = definition();
    const worker = logicalId('AWS::Lambda::Function', 'WorkerFunction');
    const aggregate = logicalId('AWS::Lambda::Function', 'AggregateFunction');
    expect(def.StartAt).toBe('CollectBatches');
    expect(def.States.CollectBatches).toEqual({
      Type: 'Map',
      ItemsPath: '$.batches',
      ResultPath: '$.batchResults',
      MaxConcurrency: 7,
      ToleratedFailurePercentage: 100,
      Next: 'Aggregate',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'FanOutFailed' }],
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'CollectBatch',
        States: {
          CollectBatch: {
            Type: 'Task',
            Resource: `<${worker}>`,
            End: true,
            Retry: [
              {
                ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'States.TaskFailed'],
                MaxAttempts: 2,
                IntervalSeconds: 30,
                BackoffRate: 2,
              },
            ],
          },
        },
      },
    });
    expect(def.States.Aggregate).toMatchObject({ Type: 'Task', Resource: `<${aggregate}>`, End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'AggregateFailed' }] });
    // The whole state (with batchResults) is the aggregator's payload.
    expect(def.States.Aggregate).not.toHaveProperty('Parameters');
    expect(def.States.AggregateFailed).toMatchObject({ Type: 'Fail' });
    expect(def.States.FanOutFailed).toMatchObject({ Type: 'Fail' });
    expect(only(t, 'AWS::StepFunctions::StateMachine').Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL' },
    });
  });

  it('THEN the table has the state store keys, GSI1, TTL, point-in-time recovery and encryption, and is retained', () => {
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayEquals([
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
          { AttributeName: 'GSI1PK', AttributeType: 'S' },
          { AttributeName: 'GSI1SK', AttributeType: 'S' },
        ]),
        GlobalSecondaryIndexes: [
          {
            IndexName: 'GSI1',
            KeySchema: [
              { AttributeName: 'GSI1PK', KeyType: 'HASH' },
              { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
  });

  it('THEN the inventory bucket is private, TLS-only, encrypted, logged, and expires parts after 7 days', () => {
    const bucket = logicalId('AWS::S3::Bucket', 'InventoryBucket');
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'runs/', ExpirationInDays: 7, Status: 'Enabled' })]) },
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId('AWS::S3::Bucket', 'AccessLogs') }, LogFilePrefix: 'inventory/' },
      }),
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('THEN the scheduled function has the name privapi invoke calls by default', () => {
    expect(only(t, 'AWS::Lambda::Function', { Description: 'privapi scheduled' }).Properties.FunctionName).toBe(DEFAULT_FUNCTION);
  });

  it('THEN each function is bundled ESM for Node.js on arm64 with its memory, 15 minutes, its own log group and the HUB_ENV settings', () => {
    const memory = { Scheduled: 1024, Worker: 2048, Aggregate: 3008 };
    for (const [fn, mb] of Object.entries(memory)) {
      const { Properties } = only(t, 'AWS::Lambda::Function', { Description: `privapi ${fn.toLowerCase()}` });
      expect(Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: mb,
        Timeout: 900,
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: { Ref: logicalId('AWS::Logs::LogGroup', `${fn}Logs`) } },
        Role: { 'Fn::GetAtt': [logicalId('AWS::IAM::Role', `${fn}Role`), 'Arn'] },
      });
      const env = (Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env).toMatchObject({
        [HUB_ENV.regions]: 'us-east-1,eu-west-1',
        [HUB_ENV.roleName]: 'PrivapiAuditRole',
        [HUB_ENV.rolePath]: '/',
        [HUB_ENV.externalId]: 'privapi-ext',
        [HUB_ENV.ous]: '',
        [HUB_ENV.fanOutThreshold]: '200',
        [HUB_ENV.batchSize]: '50',
        [HUB_ENV.table]: { Ref: logicalId('AWS::DynamoDB::Table', 'StateTable') },
        [HUB_ENV.retentionDays]: '90',
        [HUB_ENV.securityHub]: 'true',
        [HUB_ENV.bucket]: { Ref: logicalId('AWS::S3::Bucket', 'InventoryBucket') },
        [HUB_ENV.accountConcurrency]: '16',
        NODE_OPTIONS: '--enable-source-maps',
      });
      if (fn === 'Scheduled') expect(env[HUB_ENV.stateMachineArn]).toEqual({ Ref: logicalId('AWS::StepFunctions::StateMachine', 'RunStateMachine') });
      else expect(env).not.toHaveProperty(HUB_ENV.stateMachineArn);
    }
    expect(Object.keys(t.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 90 } }))).toHaveLength(4);
  });

  it('THEN each function role is named for the member trust policy and carries exactly hubPolicy inline, plus its own grants', () => {
    const expected = built.hub.resolve(PolicyDocument.fromJson(hubPolicy(Aws.PARTITION as Partition, 'PrivapiAuditRole', '/', built.hub.table.tableName)));
    for (const fn of ['scheduled', 'worker', 'aggregate']) {
      const { Properties } = only(t, 'AWS::IAM::Role', { RoleName: `privapi-hub-${fn}` });
      expect(Properties.Policies).toEqual([{ PolicyName: 'hub', PolicyDocument: expected }]);
      expect(Properties).not.toHaveProperty('ManagedPolicyArns');
    }
    const actions = (prefix: string): string[] => {
      const policy = only(t, 'AWS::IAM::Policy', { Roles: [{ Ref: logicalId('AWS::IAM::Role', prefix) }] });
      return (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => s.Action).sort();
    };
    expect(actions('ScheduledRole')).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 's3:PutObject', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage', 'states:StartExecution']);
    expect(actions('WorkerRole')).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:PutObject']);
    expect(actions('AggregateRole')).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:ListBucket']);
  });

  it('THEN no IAM policy in the hub grants a wildcard action', () => {
    const all = [...Object.values(t.findResources('AWS::IAM::Policy')), ...Object.values(t.findResources('AWS::IAM::Role'))];
    const text = JSON.stringify(all.map((r) => [r.Properties.PolicyDocument, r.Properties.Policies]));
    const actions = [...text.matchAll(/"Action":(\[[^\]]*\]|"[^"]*")/g)].flatMap((m) => JSON.parse(m[1]!) as string | string[]);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  it('THEN alarms watch failed and timed-out runs, each function\'s errors and the dead-letter queue, and notify the topic', () => {
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const summary = alarms.map((a) => ({ metric: `${a.Namespace}/${a.MetricName}`, dims: JSON.stringify(a.Dimensions), threshold: a.Threshold, op: a.ComparisonOperator, stat: a.Statistic, actions: a.AlarmActions }));
    const topic = [{ Ref: logicalId('AWS::SNS::Topic', 'AlarmTopic') }];
    const fnDims = (prefix: string) => JSON.stringify([{ Name: 'FunctionName', Value: { Ref: logicalId('AWS::Lambda::Function', prefix) } }]);
    const sm = JSON.stringify([{ Name: 'StateMachineArn', Value: { Ref: logicalId('AWS::StepFunctions::StateMachine', 'RunStateMachine') } }]);
    const op = 'GreaterThanOrEqualToThreshold';
    expect(summary).toEqual(
      expect.arrayContaining([
        { metric: 'AWS/States/ExecutionsFailed', dims: sm, threshold: 1, op, stat: 'Sum', actions: topic },
        { metric: 'AWS/States/ExecutionsTimedOut', dims: sm, threshold: 1, op, stat: 'Sum', actions: topic },
        { metric: 'AWS/Lambda/Errors', dims: fnDims('ScheduledFunction'), threshold: 1, op, stat: 'Sum', actions: topic },
        { metric: 'AWS/Lambda/Errors', dims: fnDims('WorkerFunction'), threshold: 1, op, stat: 'Sum', actions: topic },
        { metric: 'AWS/Lambda/Errors', dims: fnDims('AggregateFunction'), threshold: 1, op, stat: 'Sum', actions: topic },
        {
          metric: 'AWS/SQS/ApproximateNumberOfMessagesVisible',
          dims: JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'DeadLetterQueue'), 'QueueName'] } }]),
          threshold: 1,
          op,
          stat: 'Maximum',
          actions: topic,
        },
      ]),
    );
    expect(alarms).toHaveLength(6);
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('THEN three Security Hub insights group privapi\'s active failed findings by check, account and severity', () => {
    const prefixes = generatorIdPrefixes();
    expect(prefixes).toEqual(expect.arrayContaining(['DNS-', 'POLICY-', 'VPCE-']));
    expect(prefixes.every((p) => checks.some((c) => c.id.startsWith(p)))).toBe(true);
    expect(checks.every((c) => prefixes.some((p) => c.id.startsWith(p)))).toBe(true);
    const insights = Object.values(t.findResources('AWS::SecurityHub::Insight')).map((r) => r.Properties);
    expect(insights.map((i) => i.GroupByAttribute)).toEqual(['GeneratorId', 'AwsAccountId', 'SeverityLabel']);
    for (const insight of insights) {
      expect(insight.Filters).toEqual({
        GeneratorId: prefixes.map((Value) => ({ Comparison: 'PREFIX', Value })),
        RecordState: [{ Comparison: 'EQUALS', Value: 'ACTIVE' }],
        ComplianceStatus: [{ Comparison: 'EQUALS', Value: 'FAILED' }],
        WorkflowStatus: [{ Comparison: 'NOT_EQUALS', Value: 'SUPPRESSED' }],
      });
      expect(insight.Filters.GeneratorId.length).toBeLessThanOrEqual(20);
    }
  });

  it('GIVEN securityHub false THEN no insights are created', () => {
    expect(templates({ securityHub: false }).hubTemplate.findResources('AWS::SecurityHub::Insight')).toEqual({});
  });

  it('GIVEN generator ids THEN the prefixes are the part before the last dash, deduplicated', () => {
    expect(generatorIdPrefixes(['POLICY-001', 'POLICY-002', 'VPCE-001', 'R53-009'])).toEqual(['POLICY-', 'R53-', 'VPCE-']);
  });
});
