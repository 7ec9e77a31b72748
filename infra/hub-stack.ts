import { fileURLToPath } from 'node:url';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { checks } from '../checks/index.js';
import { hubPolicy } from '../src/collectors/permissions.js';
import { HUB_ENV } from '../src/model/hub.js';
import type { Partition } from '../src/model/inventory.js';
import { GSI1, TTL_ATTRIBUTE, tableDefinition } from '../src/sinks/dynamodb-table.js';
import { type HubFunction, HUB_FUNCTIONS, type PrivapiConfig, hubRoleName } from './config.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const entry = (fn: HubFunction): string => fileURLToPath(new URL(`../lambda/${fn}.ts`, import.meta.url));

/** Memory (MB) per function; every function gets Lambda's maximum timeout of 15 minutes. */
const MEMORY: Record<HubFunction, number> = {
  scheduled: 1024,
  worker: 2048,
  // The aggregator runs the checks over the whole organization's merged inventory.
  aggregate: 3008,
};

/** Prefixes of privapi's generator ids (the check ids): "POLICY-002" → "POLICY-". */
export function generatorIdPrefixes(ids: readonly string[] = checks.map((c) => c.id)): string[] {
  return [...new Set(ids.map((id) => id.slice(0, id.lastIndexOf('-') + 1)))].sort();
}

/** The run plan (`runs/<runId>/plan.json.gz`) and the workers' parts (`runs/<runId>/batches/<index>.json.gz`). */
export const INVENTORY_PREFIX = 'runs/';

export interface HubStackProps extends StackProps {
  config: PrivapiConfig;
}

export class PrivapiHubStack extends Stack {
  readonly functions: Record<HubFunction, NodejsFunction>;
  readonly roles: Record<HubFunction, iam.Role>;
  readonly table: dynamodb.Table;
  readonly bucket: s3.Bucket;
  readonly stateMachine: sfn.StateMachine;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarmTopic: sns.Topic;
  readonly alarms: Record<string, cloudwatch.Alarm> = {};

  constructor(scope: Construct, id: string, props: HubStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    // ── State table: keys and index from the same module the state store uses ──────────────────
    const def = tableDefinition('unused');
    const keyType = (schema: typeof def.KeySchema, type: 'HASH' | 'RANGE'): dynamodb.Attribute => ({
      name: schema!.find((k) => k.KeyType === type)!.AttributeName!,
      type: dynamodb.AttributeType.STRING,
    });
    const gsi = def.GlobalSecondaryIndexes!.find((g) => g.IndexName === GSI1)!;
    this.table = new dynamodb.Table(this, 'StateTable', {
      partitionKey: keyType(def.KeySchema, 'HASH'),
      sortKey: keyType(def.KeySchema, 'RANGE'),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: GSI1,
      partitionKey: keyType(gsi.KeySchema, 'HASH'),
      sortKey: keyType(gsi.KeySchema, 'RANGE'),
      projectionType: dynamodb.ProjectionType.ALL,
    });

    // ── Inventory parts: short-lived, private ──────────────────────────────────────────────────
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays === 9999 ? 3650 : config.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket of the inventory bucket; logging it to itself would loop and another log bucket would only move the finding.',
    });
    this.bucket = new s3.Bucket(this, 'InventoryBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ prefix: INVENTORY_PREFIX, expiration: Duration.days(7) }, { abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'inventory/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // ── Dead-letter queue and alarm topic ──────────────────────────────────────────────────────
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue (of the schedule and of the scheduled function\'s asynchronous invocations); its messages are inspected by hand after the DLQ alarm.',
    });
    // CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key (its key
    // policy does not admit the CloudWatch service), so the topic has its own key.
    const topicKey = new kms.Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: 'privapi alarm topic', removalPolicy: RemovalPolicy.RETAIN });
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { masterKey: topicKey, enforceSSL: true, displayName: 'privapi alarms' });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new snsSubscriptions.EmailSubscription(config.alarmEmail));

    // ── Functions ──────────────────────────────────────────────────────────────────────────────
    const environment: Record<string, string> = {
      [HUB_ENV.regions]: config.regions.join(','),
      [HUB_ENV.roleName]: config.roleName,
      [HUB_ENV.rolePath]: config.rolePath,
      [HUB_ENV.ous]: config.ous.join(','),
      [HUB_ENV.fanOutThreshold]: String(config.fanOutThreshold),
      [HUB_ENV.batchSize]: String(config.batchSize),
      [HUB_ENV.table]: this.table.tableName,
      [HUB_ENV.retentionDays]: String(config.retentionDays),
      [HUB_ENV.securityHub]: String(config.securityHub),
      [HUB_ENV.bucket]: this.bucket.bucketName,
      [HUB_ENV.accountConcurrency]: String(config.accountConcurrency),
      ...(config.externalId ? { [HUB_ENV.externalId]: config.externalId } : {}),
      // Stack traces through the bundle's source maps.
      NODE_OPTIONS: '--enable-source-maps',
    };
    // The same policy `privapi permissions --hub --dynamodb-table <table>` prints.
    const hubDocument = iam.PolicyDocument.fromJson(hubPolicy(Aws.PARTITION as Partition, config.roleName, config.rolePath, this.table.tableName));

    const roles = {} as Record<HubFunction, iam.Role>;
    const functions = {} as Record<HubFunction, NodejsFunction>;
    for (const fn of HUB_FUNCTIONS) {
      const logGroup = new logs.LogGroup(this, `${pascal(fn)}Logs`, { retention: logRetention, removalPolicy: RemovalPolicy.RETAIN });
      const role = new iam.Role(this, `${pascal(fn)}Role`, {
        roleName: hubRoleName(config, fn),
        description: `privapi hub ${fn} function; named so the member role's trust policy can name it`,
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        inlinePolicies: { hub: hubDocument },
      });
      // Basic execution through the function's own log group, instead of the managed policy's logs:* on every group.
      logGroup.grantWrite(role);
      roles[fn] = role;
      functions[fn] = new NodejsFunction(this, `${pascal(fn)}Function`, {
        // A fixed name, so `privapi invoke --function privapi-hub-scheduled` finds it without a stack lookup.
        functionName: hubRoleName(config, fn),
        entry: entry(fn),
        handler: 'handler',
        projectRoot,
        depsLockFilePath: fileURLToPath(new URL('../package-lock.json', import.meta.url)),
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: MEMORY[fn],
        timeout: Duration.minutes(15),
        role,
        logGroup,
        environment,
        description: `privapi ${fn}`,
        bundling: {
          format: OutputFormat.ESM,
          target: 'node24',
          // Some dependencies call require(): give the ESM bundle one.
          banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
          mainFields: ['module', 'main'],
          sourceMap: true,
          sourceMapMode: SourceMapMode.DEFAULT,
          // Bundle every dependency, the AWS SDK included: the version the tests ran with.
          externalModules: [],
          forceDockerBundling: false,
        },
      });
    }
    this.roles = roles;
    this.functions = functions;

    // Workers write their batch's inventory; the aggregator reads every batch of the run.
    // The scheduled function writes the run plan (each batch's accounts); workers read it and write their part.
    roles.scheduled.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'WriteRunPlan', actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${INVENTORY_PREFIX}*`)] }));
    roles.worker.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadPlanWriteInventoryParts', actions: ['s3:GetObject', 's3:PutObject'], resources: [this.bucket.arnForObjects(`${INVENTORY_PREFIX}*`)] }));
    roles.aggregate.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadInventoryParts', actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${INVENTORY_PREFIX}*`)] }));
    roles.aggregate.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ListInventoryParts',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${INVENTORY_PREFIX}*`] } },
      }),
    );

    // ── State machine ──────────────────────────────────────────────────────────────────────────
    const collect = new tasks.LambdaInvoke(this, 'CollectBatch', {
      lambdaFunction: functions.worker,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    collect.addRetry({
      errors: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'States.TaskFailed'],
      maxAttempts: 2,
      interval: Duration.seconds(30),
      backoffRate: 2,
    });
    const fanOut = new sfn.DistributedMap(this, 'CollectBatches', {
      itemsPath: '$.batches',
      maxConcurrency: config.mapMaxConcurrency,
      // A failed batch must not stop the others: the aggregator records its accounts as not collected.
      toleratedFailurePercentage: 100,
      resultPath: '$.batchResults',
      mapExecutionType: sfn.StateMachineType.STANDARD,
    });
    fanOut.itemProcessor(collect);
    const aggregate = new tasks.LambdaInvoke(this, 'Aggregate', {
      lambdaFunction: functions.aggregate,
      // No payload: the task passes the whole state (runId, startedAt, batches, batchResults).
      payloadResponseOnly: true,
    });
    const fanOutFailed = new sfn.Fail(this, 'FanOutFailed', { error: 'PrivapiFanOutFailed', cause: 'The Distributed Map over the batches failed' });
    const aggregateFailed = new sfn.Fail(this, 'AggregateFailed', { error: 'PrivapiAggregateFailed', cause: 'The aggregation step failed' });
    fanOut.addCatch(fanOutFailed, { errors: ['States.ALL'], resultPath: '$.error' });
    aggregate.addCatch(aggregateFailed, { errors: ['States.ALL'], resultPath: '$.error' });

    const machineLogs = new logs.LogGroup(this, 'StateMachineLogs', { retention: logRetention, removalPolicy: RemovalPolicy.RETAIN });
    this.stateMachine = new sfn.StateMachine(this, 'RunStateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(fanOut.next(aggregate)),
      timeout: Duration.hours(12),
      tracingEnabled: true,
      logs: { destination: machineLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
      comment: 'privapi fan-out run: collect the batches in parallel, then aggregate',
    });
    this.stateMachine.grantStartExecution(roles.scheduled);
    functions.scheduled.addEnvironment(HUB_ENV.stateMachineArn, this.stateMachine.stateMachineArn);

    // ── Schedule ───────────────────────────────────────────────────────────────────────────────
    const schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: scheduler.ScheduleExpression.expression(config.schedule),
      description: 'privapi audit run',
      target: new schedulerTargets.LambdaInvoke(functions.scheduled, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
      }),
    });
    // Scheduler invokes asynchronously: failures of the run itself go to the same queue.
    functions.scheduled.configureAsyncInvoke({ retryAttempts: 1, maxEventAge: Duration.hours(1) });
    (functions.scheduled.node.defaultChild as lambda.CfnFunction).deadLetterConfig = { targetArn: this.deadLetterQueue.queueArn };
    this.deadLetterQueue.grantSendMessages(roles.scheduled);

    // ── Alarms ─────────────────────────────────────────────────────────────────────────────────
    const period = Duration.minutes(5);
    const alarm = (name: string, metric: cloudwatch.IMetric, description: string): void => {
      const a = new cloudwatch.Alarm(this, `${name}Alarm`, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(new cwActions.SnsAction(this.alarmTopic));
      this.alarms[name] = a;
    };
    alarm('RunFailed', this.stateMachine.metricFailed({ period, statistic: 'Sum' }), 'A privapi fan-out run failed');
    alarm('RunTimedOut', this.stateMachine.metricTimedOut({ period, statistic: 'Sum' }), 'A privapi fan-out run timed out');
    alarm('ScheduledErrors', functions.scheduled.metricErrors({ period, statistic: 'Sum' }), 'The scheduled privapi function failed');
    alarm('BatchErrors', functions.worker.metricErrors({ period, statistic: 'Sum' }), 'A privapi batch worker failed (retried; accounts of a batch that fails every retry are recorded as not collected)');
    alarm('AggregateErrors', functions.aggregate.metricErrors({ period, statistic: 'Sum' }), 'The privapi aggregation step failed');
    alarm('DeadLetters', this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }), 'A scheduled privapi run could not be started or failed');

    // ── Security Hub insights ──────────────────────────────────────────────────────────────────
    if (config.securityHub) {
      // Filter syntax: AWS::SecurityHub::Insight `Filters` is an AwsSecurityFindingFilters; string
      // filters take `Comparison` EQUALS | PREFIX | NOT_EQUALS | …, and filters on the same
      // attribute with EQUALS/PREFIX are ORed while different attributes are ANDed
      // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-securityhub-insight.html,
      //  https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_StringFilter.html).
      const filters: securityhub.CfnInsight.AwsSecurityFindingFiltersProperty = {
        generatorId: generatorIdPrefixes().map((value) => ({ comparison: 'PREFIX', value })),
        recordState: [{ comparison: 'EQUALS', value: 'ACTIVE' }],
        complianceStatus: [{ comparison: 'EQUALS', value: 'FAILED' }],
        // Muted findings are imported SUPPRESSED: they are not work to do.
        workflowStatus: [{ comparison: 'NOT_EQUALS', value: 'SUPPRESSED' }],
      };
      for (const [id, name, groupByAttribute] of [
        ['InsightByCheck', 'privapi: failing findings by check', 'GeneratorId'],
        ['InsightByAccount', 'privapi: failing findings by account', 'AwsAccountId'],
        ['InsightBySeverity', 'privapi: failing findings by severity', 'SeverityLabel'],
      ] as const) {
        new securityhub.CfnInsight(this, id, { name, groupByAttribute, filters });
      }
    }

    // ── Acknowledged cdk-nag findings (each with its reason; no wildcard actions) ──────────────
    for (const fn of HUB_FUNCTIONS) {
      Validations.of(roles[fn]).acknowledge(
        { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'organizations:List* and sts:GetCallerIdentity support no resource-level permissions; the statement lists only those actions (from hubPolicy).' },
        {
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role${config.rolePath}${config.roleName}]`,
          reason: 'sts:AssumeRole on the member role name in any account: member accounts are discovered at run time; the member role trusts only these roles within the organization.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:dynamodb:*:*:table/<${this.getLogicalId(this.table.node.defaultChild as dynamodb.CfnTable)}>]`,
          reason: 'The state table by name (hubPolicy renders it for any region/account so the CLI and the stack share one policy); the name is unique to this stack.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:dynamodb:*:*:table/<${this.getLogicalId(this.table.node.defaultChild as dynamodb.CfnTable)}>/index/*]`,
          reason: 'Queries on the table\'s index (GSI1) for runs and findings by check.',
        },
      );
    }
    Validations.of(roles.worker).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/runs/*]`,
      reason: 'Workers read runs/<runId>/plan.json.gz and write runs/<runId>/batches/<index>.json.gz; the run id is only known at run time.',
    });
    Validations.of(roles.scheduled).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/runs/*]`,
      reason: 'The scheduled function writes runs/<runId>/plan.json.gz; the run id is only known at run time.',
    });
    Validations.of(roles.aggregate).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/runs/*]`,
      reason: 'The aggregator reads runs/<runId>/plan.json.gz and runs/<runId>/batches/*; the run id is only known at run time.',
    });
    Validations.of(this.stateMachine).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(functions.worker.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
        reason: 'Step Functions LambdaInvoke grants invoking the worker\'s versions and aliases (function ARN plus ":*"); only this function.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(functions.aggregate.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
        reason: 'Step Functions LambdaInvoke grants invoking the aggregator\'s versions and aliases (function ARN plus ":*"); only this function.',
      },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray tracing (AwsSolutions-SF2) needs xray:PutTraceSegments/PutTelemetryRecords/GetSampling*, which support no resource-level permissions; CDK adds them.' },
    );
    const machineId = this.getLogicalId(this.stateMachine.node.defaultChild as sfn.CfnStateMachine);
    const executions = `arn:<AWS::Partition>:states:${this.region}:${this.account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}`;
    Validations.of(this.stateMachine).acknowledge(
      { id: `AwsSolutions-IAM5[Resource::${executions}:*]`, reason: 'The Distributed Map describes and stops its own child executions (this state machine\'s executions only), whose names are generated at run time.' },
      { id: `AwsSolutions-IAM5[Resource::${executions}/*:*]`, reason: 'The Distributed Map describes and stops its own child executions (this state machine\'s executions only), whose names are generated at run time.' },
    );
    // The schedule's target role (created by the scheduler-targets LambdaInvoke, at stack level).
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(functions.scheduled.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
      reason: 'EventBridge Scheduler\'s Lambda target grants invoking the scheduled function\'s versions and aliases (function ARN plus ":*"); only this function.',
    });
    new CfnOutput(this, 'StateTableName', { value: this.table.tableName });
    new CfnOutput(this, 'InventoryBucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ScheduledFunctionName', { value: functions.scheduled.functionName, description: 'privapi invoke --function <this>' });
    new CfnOutput(this, 'ScheduleName', { value: schedule.scheduleName });
    for (const fn of HUB_FUNCTIONS) new CfnOutput(this, `${pascal(fn)}RoleArn`, { value: roles[fn].roleArn, description: 'Named in the member role trust policy' });
  }
}

function pascal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
