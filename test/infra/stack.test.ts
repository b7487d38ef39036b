/**
 * The deployable stack, synthesised for a global region and for both China regions, asserted on the
 * CloudFormation template. The global and Beijing apps bundle the handlers for real with esbuild.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { BUNDLED_CHART_FONTS, BUNDLED_RESVG_WASM } from '../../functions/adapters/charts/lazy.ts';
import { fontAssetFiles } from '../../functions/adapters/pdf/fonts.ts';
import { ConfigError, DEFAULTS } from '../../infra/config.ts';
import type { CreatedApp } from '../../infra/create-app.ts';
import type { FeishuBotStack } from '../../infra/stack.ts';
import { decodePng, inkPixels } from '../helpers/png.ts';
import { actionsOf, buildApp, logicalId, mentions, removeAssemblies, statementsOfRole } from './helpers.ts';

interface Synthesised {
  created: CreatedApp;
  stack: FeishuBotStack;
  template: Template;
  json: string;
  assemblyDir: string;
}

function synth(region: string, opts: Parameters<typeof buildApp>[0] = {}): Synthesised {
  const created = buildApp({ ...opts, context: { region, ...opts.context } });
  const assembly = created.app.synth();
  const template = Template.fromStack(created.stack);
  return { created, stack: created.stack, template, json: JSON.stringify(template.toJSON()), assemblyDir: assembly.directory };
}

const GLOBAL = DEFAULTS.region;
const apps: Record<string, Synthesised> = {};

// Two real esbuild runs of three handlers plus the process's first (slow) synth: on a shared 2-core
// machine under load this has taken over a minute. Room for that, not a timing assertion.
beforeAll(() => {
  apps[GLOBAL] = synth(GLOBAL);
  apps['cn-north-1'] = synth('cn-north-1');
  apps['cn-northwest-1'] = synth('cn-northwest-1', { bundle: false });
}, 240_000);

afterAll(removeAssemblies);

const REGIONS = [GLOBAL, 'cn-north-1', 'cn-northwest-1'] as const;
const get = (region: string): Synthesised => apps[region] as Synthesised;

describe.each(REGIONS)('Stack in %s', (region) => {
  it('targets the region from context', () => {
    expect(get(region).stack.region).toBe(region);
  });

  it('has the single table: pk/sk, gsi1 (ALL), on-demand, PITR, TTL, deletion protection, CMK, retained', () => {
    const { template } = get(region);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
        ]),
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      }),
    });
  });

  it('rotates every customer-managed key; retains those of the table, the evidence and the reports', () => {
    const { template, stack } = get(region);
    const keys = template.findResources('AWS::KMS::Key');
    expect(Object.keys(keys).sort()).toEqual(
      [stack.data.key, stack.evidence.key, stack.reports.key, stack.failedJobsAlarm.key].map((k) => logicalId(k)).sort(),
    );
    for (const key of Object.values(keys)) expect(key.Properties.EnableKeyRotation).toBe(true);
    for (const key of [stack.data.key, stack.evidence.key, stack.reports.key]) expect(keys[logicalId(key)]?.DeletionPolicy).toBe('Retain');
  });

  it('has the reports bucket for exports: private, SSL only, own KMS key, versioned, logged, retained; only the worker writes exports/', () => {
    const { template, stack } = get(region);
    const bucketId = logicalId(stack.reports.bucket);
    const keyId = logicalId(stack.reports.key);
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId];
    expect(bucket?.DeletionPolicy).toBe('Retain');
    expect(bucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } },
        ],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stack.evidence.accessLogBucket) }, LogFilePrefix: 'reports/' },
      LifecycleConfiguration: {
        Rules: expect.arrayContaining([
          expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }),
          expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
        ]),
      },
    });
    expect(bucket?.Properties.LifecycleConfiguration.Rules.some((r: { ExpirationInDays?: number }) => r.ExpirationInDays !== undefined)).toBe(false);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    const role = (fn: { role: unknown }) => logicalId(fn.role as never);
    // The worker: put/get under exports/ only (no delete, no list), and the key's data-key use.
    const worker = statementsOfRole(template, role(stack.worker));
    const onBucket = worker.filter((st) => mentions(st, bucketId));
    expect(actionsOf(onBucket).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    for (const st of onBucket) expect(JSON.stringify(st.Resource)).toBe(JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/exports/*']] }));
    expect(actionsOf(worker.filter((st) => mentions(st, keyId))).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    for (const fn of [stack.webhook, stack.tick]) {
      expect(statementsOfRole(template, role(fn)).some((st) => mentions(st, bucketId) || mentions(st, keyId))).toBe(false);
    }
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.ReportsBucketName?.Value).toEqual({ Ref: bucketId });
  });

  it('has the evidence bucket: BPA, SSL only, KMS with bucket key, versioned, Object Lock, access-logged, retained', () => {
    const { template, stack } = get(region);
    const bucketId = logicalId(stack.evidence.bucket);
    const logBucketId = logicalId(stack.evidence.accessLogBucket);
    const bpa = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: bpa,
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            },
          ],
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId }, LogFilePrefix: 'evidence/' },
        ObjectLockEnabled: true,
      }),
    });
    // The access-log target: SSE-S3 (the only encryption S3 log delivery supports), BPA, retained.
    const logBucket = template.findResources('AWS::S3::Bucket')[logBucketId];
    expect(logBucket?.DeletionPolicy).toBe('Retain');
    expect(logBucket?.Properties.PublicAccessBlockConfiguration).toEqual(bpa);
    expect(logBucket?.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId]?.Properties;
    // No bucket default retention: the worker locks each case object itself, so staging objects
    // (no lock) can be deleted.
    expect(bucket.ObjectLockConfiguration?.Rule).toBeUndefined();
    expect(bucket.LifecycleConfiguration.Rules).toEqual([
      { Id: 'AbortIncompleteUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
      { Id: 'ExpireStaging', Status: 'Enabled', Prefix: 'staging/', ExpirationInDays: 1, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
      { Id: 'RemoveStagingDeleteMarkers', Status: 'Enabled', Prefix: 'staging/', ExpiredObjectDeleteMarker: true },
    ]);
    // Nothing lands under cases/ without the configured lock (default: COMPLIANCE, 30 years), whoever writes it.
    const caseObjects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/cases/*']] };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'DenyCaseObjectsWithoutTheLockMode',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:PutObject',
            Resource: caseObjects,
            Condition: { StringNotEquals: { 's3:object-lock-mode': 'COMPLIANCE' } },
          },
          {
            Sid: 'DenyCaseObjectsWithAShorterLock',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:PutObject',
            Resource: caseObjects,
            Condition: { NumericLessThan: { 's3:object-lock-remaining-retention-days': '10957' } },
          },
        ]),
      },
    });
    // Both buckets deny any request not over TLS.
    for (const id of [bucketId, logBucketId]) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('runs every function on nodejs22.x, arm64, with its own log group (1 year) and only the settings it uses', () => {
    const { template, stack } = get(region);
    const fns = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(fns)).toHaveLength(4);
    for (const fn of [stack.webhook, stack.worker, stack.tick, stack.aggregator]) {
      const props = fns[logicalId(fn.function)]?.Properties;
      expect(props.Runtime).toBe('nodejs22.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Handler).toBe('index.handler');
      expect(props.TracingConfig).toBeUndefined();
      expect(props.LoggingConfig).toBeUndefined();
      const vars = props.Environment.Variables;
      expect(vars.TABLE_NAME).toEqual({ Ref: logicalId(stack.data.table) });
      expect(vars.CASE_NUMBER_FORMAT).toBe('甘经信立〔{year}〕{seq}号');
      expect(vars.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(vars.LOG_LEVEL).toBe('info');

      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: logicalId(fn.function) }]] },
        RetentionInDays: 365,
      });
    }
    const env = (fn: { function: unknown }) => fns[logicalId(fn.function as never)]?.Properties.Environment.Variables;
    const base = ['CASE_NUMBER_FORMAT', 'LOG_LEVEL', 'NODE_OPTIONS', 'TABLE_NAME'];
    const workerName = { Ref: logicalId(stack.worker.function) };
    expect(Object.keys(env(stack.webhook)).sort()).toEqual([...base, 'FEISHU_VERIFICATION_SECRET_ARN', 'WORKER_FUNCTION_NAME'].sort());
    expect(env(stack.webhook)).toMatchObject({
      FEISHU_VERIFICATION_SECRET_ARN: { Ref: logicalId(stack.feishuVerificationSecret) },
      WORKER_FUNCTION_NAME: workerName,
    });
    // Both keep reminder schedules in step (infra/constructs/reminder-scheduling.ts); the tick also publishes the site.
    const reminderEnv = ['REMINDER_DEAD_LETTER_ARN', 'REMINDER_SCHEDULER_ROLE_ARN', 'REMINDER_SCHEDULE_GROUP', 'REMINDER_TARGET_ARN'];
    expect(Object.keys(env(stack.worker)).sort()).toEqual(
      [...base, 'EVIDENCE_BUCKET', 'EVIDENCE_LOCK_MODE', 'EVIDENCE_RETENTION_DAYS', 'FEISHU_CREDENTIALS_SECRET_ARN', 'FEISHU_DOMAIN', 'REPORTS_BUCKET', 'PUBLIC_SITE_BUCKET', ...reminderEnv].sort(),
    );
    // The worker writes the lists' and draws' pages to the same site bucket the tick publishes to.
    expect(env(stack.worker).PUBLIC_SITE_BUCKET).toEqual({ Ref: logicalId(stack.site.bucket) });
    expect(env(stack.worker)).toMatchObject({
      EVIDENCE_BUCKET: { Ref: logicalId(stack.evidence.bucket) },
      REPORTS_BUCKET: { Ref: logicalId(stack.reports.bucket) },
      EVIDENCE_LOCK_MODE: 'COMPLIANCE',
      EVIDENCE_RETENTION_DAYS: '10958',
      FEISHU_CREDENTIALS_SECRET_ARN: { Ref: logicalId(stack.feishuCredentialsSecret) },
      FEISHU_DOMAIN: 'https://open.feishu.cn',
    });
    expect(Object.keys(env(stack.tick)).sort()).toEqual([...base, 'WORKER_FUNCTION_NAME', 'PUBLIC_SITE_BUCKET', ...reminderEnv].sort());
    expect(env(stack.tick).WORKER_FUNCTION_NAME).toEqual(workerName);
    expect(env(stack.tick).PUBLIC_SITE_BUCKET).toEqual({ Ref: logicalId(stack.site.bucket) });
    // The statistics aggregator needs the table and nothing else: no secret, no bucket, no worker.
    expect(Object.keys(env(stack.aggregator)).sort()).toEqual(base);
    for (const fn of [stack.worker, stack.tick]) {
      expect(env(fn)).toMatchObject({
        REMINDER_SCHEDULE_GROUP: template.findResources('AWS::Scheduler::ScheduleGroup')[logicalId(stack.reminders.group)]?.Properties.Name,
        REMINDER_SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [logicalId(stack.reminders.role), 'Arn'] },
        REMINDER_DEAD_LETTER_ARN: { 'Fn::GetAtt': [logicalId(stack.reminders.deadLetters), 'Arn'] },
      });
    }

    const sized = (fn: { function: unknown }) => fns[logicalId(fn.function as never)]?.Properties;
    expect(sized(stack.webhook)).toMatchObject({ Timeout: 10, MemorySize: 512 });
    expect(sized(stack.worker)).toMatchObject({ Timeout: 60, MemorySize: 1024 });
    // Only the worker has reserved concurrency: a flood of jobs cannot take the whole account.
    expect(sized(stack.worker).ReservedConcurrentExecutions).toBe(10);
    expect(sized(stack.webhook).ReservedConcurrentExecutions).toBeUndefined();
    expect(sized(stack.tick).ReservedConcurrentExecutions).toBeUndefined();
  });

  it('keeps secrets out of the environment and splits them: verification (webhook) and app credentials (worker)', () => {
    const { template, stack } = get(region);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      const names = Object.keys(fn.Properties.Environment.Variables).join(',');
      expect(names).not.toMatch(/APP_SECRET|ENCRYPT_KEY|VERIFICATION_TOKEN|APP_ID/);
    }
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets).sort()).toEqual(
      [stack.feishuVerificationSecret, stack.feishuCredentialsSecret].map((x) => logicalId(x)).sort(),
    );
    // The token every Feishu request is checked against is random until an operator sets it.
    expect(secrets[logicalId(stack.feishuVerificationSecret)]?.Properties.GenerateSecretString).toMatchObject({
      SecretStringTemplate: JSON.stringify({ encryptKey: 'REPLACE_ME' }),
      GenerateStringKey: 'verificationToken',
    });
    expect(secrets[logicalId(stack.feishuCredentialsSecret)]?.Properties.SecretString).toBe(
      JSON.stringify({ appId: 'REPLACE_ME', appSecret: 'REPLACE_ME' }),
    );
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.FeishuVerificationSecretArn?.Value).toEqual({ Ref: logicalId(stack.feishuVerificationSecret) });
    expect(outputs.FeishuCredentialsSecretArn?.Value).toEqual({ Ref: logicalId(stack.feishuCredentialsSecret) });
  });

  it('sends failed asynchronous invocations of the worker and the tick to an encrypted, SSL-only queue', () => {
    const { template, stack } = get(region);
    const queueId = logicalId(stack.failedJobs);
    for (const fn of [stack.worker, stack.tick]) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(fn.function) },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
    }
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 2);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms on any message in FailedJobs, notifying an encrypted, TLS-only topic that only the alarm may publish to', () => {
    const { template, stack } = get(region);
    const alarmId = logicalId(stack.failedJobsAlarm.alarm);
    const topicId = logicalId(stack.failedJobsAlarm.topic);
    // This one and the reminder dead-letter queue's (test/infra/reminders-site.test.ts).
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.failedJobs), 'QueueName'] } }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(stack.failedJobsAlarm.key), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: {
              ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [alarmId, 'Arn'] } },
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          }),
        ]),
      },
    });
    // CloudWatch encrypts what it publishes with the topic's key (impossible with alias/aws/sns).
    const keyPolicy = template.findResources('AWS::KMS::Key')[logicalId(stack.failedJobsAlarm.key)]?.Properties.KeyPolicy;
    expect(keyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.AlarmTopicArn?.Value).toEqual({ Ref: topicId });
  });

  it('exposes only POST /feishu/events and POST /feishu/cards on an HTTP API, without authorizer', () => {
    const { template, stack } = get(region);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['POST /feishu/cards', 'POST /feishu/events']);
    for (const r of routes) expect(r.AuthorizationType ?? 'NONE').toBe('NONE');
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(stack.webhook.function), 'Arn'] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logicalId(stack.ingress.accessLogGroup), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it('outputs the events and cards URLs on the execute-api endpoint when no domain is given', () => {
    const { template, stack } = get(region);
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: false });
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const endpoint = { 'Fn::GetAtt': [logicalId(stack.ingress.api), 'ApiEndpoint'] };
    expect(outputs.ApiEndpoint?.Value).toEqual(endpoint);
    expect(outputs.FeishuEventsUrl?.Value).toEqual({ 'Fn::Join': ['', [endpoint, '/feishu/events']] });
    expect(outputs.FeishuCardsUrl?.Value).toEqual({ 'Fn::Join': ['', [endpoint, '/feishu/cards']] });
    expect(outputs.CustomDomainTarget).toBeUndefined();
  });

  it('runs the tick every 5 minutes through EventBridge Scheduler with its scheduled time and a DLQ', () => {
    const { template, stack } = get(region);
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(stack.tick.function), 'Arn'] },
        Input: '{"time":"<aws.scheduler.scheduled-time>"}',
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack.failedJobs), 'Arn'] } },
        RoleArn: Match.anyValue(),
      },
    });
  });

  it('feeds the table stream (keys only) to the statistics aggregator: LOG# inserts only, partial batch failures, FailedJobs after retries', () => {
    const { template, stack } = get(region);
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'KEYS_ONLY' } });
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    const m = mappings[0]?.Properties;
    expect(m.FunctionName).toEqual({ Ref: logicalId(stack.aggregator.function) });
    expect(m.EventSourceArn).toEqual({ 'Fn::GetAtt': [logicalId(stack.data.table), 'StreamArn'] });
    expect(m.StartingPosition).toBe('TRIM_HORIZON');
    expect(m.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(m.BisectBatchOnFunctionError).toBe(true);
    expect(m.MaximumRetryAttempts).toBe(5);
    expect(m.DestinationConfig).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.failedJobs), 'Arn'] } } });
    expect(m.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: 'LOG#' }] } } } },
    ]);
  });

  it('has no Function URL and no X-Ray anywhere', () => {
    const { template, json } = get(region);
    template.resourceCountIs('AWS::Lambda::Url', 0);
    expect(json).not.toMatch(/TracingConfig|xray/i);
  });

  it('grants least privilege: the webhook cannot touch the bucket; only webhook and tick may invoke the worker', () => {
    const { template, stack } = get(region);
    const role = (fn: { role: unknown }) => logicalId(fn.role as never);
    const workerId = logicalId(stack.worker.function);
    const bucketId = logicalId(stack.evidence.bucket);
    const evidenceKeyId = logicalId(stack.evidence.key);

    const webhook = statementsOfRole(template, role(stack.webhook));
    expect(actionsOf(webhook).filter((a) => a.startsWith('s3:'))).toEqual([]);
    expect(webhook.some((s) => mentions(s, bucketId) || mentions(s, evidenceKeyId))).toBe(false);
    // The tick's S3 access is the public site's (it publishes), never the evidence.
    const tickS3 = statementsOfRole(template, role(stack.tick)).filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
    expect(tickS3.length).toBeGreaterThan(0);
    for (const st of tickS3) {
      expect(mentions(st, logicalId(stack.site.bucket))).toBe(true);
      expect(mentions(st, bucketId)).toBe(false);
    }

    // No Scan, no admin actions, no wildcard actions in any of our function roles.
    for (const fn of [stack.webhook, stack.worker, stack.tick, stack.aggregator]) {
      const actions = actionsOf(statementsOfRole(template, role(fn)));
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
      // Deletes: the publisher (tick) deletes pages of the public site only; the worker deletes its own
      // evidence staging objects only (the test below pins staging/); case evidence is never deleted.
      const deletes = statementsOfRole(template, role(fn)).filter((s) => actionsOf([s]).includes('s3:DeleteObject'));
      if (fn === stack.tick) expect(deletes.every((s) => mentions(s, logicalId(stack.site.bucket)) && !mentions(s, bucketId))).toBe(true);
      else if (fn === stack.worker) expect(deletes.every((s) => !mentions(s, logicalId(stack.site.bucket)) && JSON.stringify(s.Resource).includes('/staging/*'))).toBe(true);
      else expect(deletes).toEqual([]);
    }

    // Who may invoke the worker: identity policies of exactly the webhook and tick roles...
    const invokers = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, p]) =>
        (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).some(
          (s) => [s.Action].flat().some((a) => a.startsWith('lambda:')) && JSON.stringify(s.Resource).includes(`"${workerId}"`),
        ),
      )
      .flatMap(([, p]) => (p.Properties.Roles as { Ref: string }[]).map((r) => r.Ref))
      .sort();
    expect(invokers).toEqual([role(stack.webhook), role(stack.tick)].sort());
    // ...and no resource-based permission on the worker (API Gateway may only call the webhook).
    for (const perm of Object.values(template.findResources('AWS::Lambda::Permission'))) {
      expect(perm.Properties.FunctionName).toEqual({ 'Fn::GetAtt': [logicalId(stack.webhook.function), 'Arn'] });
      expect(perm.Properties.Principal).toBe('apigateway.amazonaws.com');
    }

    // The Feishu secrets: the webhook reads only the verification half, the worker only the app
    // credentials, the tick neither.
    const reads = (secret: { node: unknown }) => (fn: { role: unknown }) =>
      statementsOfRole(template, role(fn)).some(
        (s) => [s.Action].flat().includes('secretsmanager:GetSecretValue') && mentions(s, logicalId(secret as never)),
      );
    const fns = [stack.webhook, stack.worker, stack.tick, stack.aggregator];
    expect(fns.map(reads(stack.feishuVerificationSecret))).toEqual([true, false, false, false]);
    expect(fns.map(reads(stack.feishuCredentialsSecret))).toEqual([false, true, false, false]);
    for (const fn of fns) {
      const secretStatements = statementsOfRole(template, role(fn)).filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
      expect(secretStatements.length).toBeLessThanOrEqual(1);
    }

    // Logs: each role may write only to its own log group; no AWS managed policy at all.
    for (const fn of [stack.webhook, stack.worker, stack.tick, stack.aggregator]) {
      const logs = statementsOfRole(template, role(fn)).filter((s) => [s.Action].flat().some((a) => a.startsWith('logs:')));
      expect(logs).toHaveLength(1);
      expect(logs[0]?.Resource).toEqual({ 'Fn::GetAtt': [logicalId(fn.logGroup), 'Arn'] });
    }
    for (const r of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(r.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('gives the worker exactly what the evidence store calls: delete only under staging/, nothing that unlocks', () => {
    const { template, stack } = get(region);
    const bucketId = logicalId(stack.evidence.bucket);
    const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}*`]] });
    const worker = statementsOfRole(template, logicalId(stack.worker.role));
    const evidence = worker.filter((s) => mentions(s, bucketId) || mentions(s, logicalId(stack.evidence.key)));
    const sorted = (a: string | string[]) => [a].flat().sort();
    expect(evidence.map((s) => ({ Effect: s.Effect, Action: sorted(s.Action), Resource: s.Resource, Condition: s.Condition }))).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectRetention'],
        Resource: objects('cases/'),
        Condition: undefined,
      },
      {
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        Resource: objects('staging/'),
        Condition: undefined,
      },
      { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] }, Condition: undefined },
      // CDK merges the reports key's identical grant into the same statement.
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: [{ 'Fn::GetAtt': [logicalId(stack.evidence.key), 'Arn'] }, { 'Fn::GetAtt': [logicalId(stack.reports.key), 'Arn'] }],
        Condition: undefined,
      },
    ]);
    // No role of ours can delete under cases/, bypass a lock or change one: an evidence-bucket delete is
    // on staging/ only (the public site's pages, which the tick may delete, are another bucket).
    for (const fn of [stack.webhook, stack.worker, stack.tick]) {
      const statements = statementsOfRole(template, logicalId(fn.role));
      for (const st of statements.filter((x) => actionsOf([x]).some((a) => /^s3:Delete/.test(a)) && mentions(x, bucketId))) {
        expect(st.Resource).toEqual(objects('staging/'));
      }
      expect(actionsOf(statements).filter((a) => /BypassGovernance|PutObjectLegalHold|PutBucketObjectLockConfiguration|PutLifecycle|PutBucketPolicy/.test(a))).toEqual([]);
    }
  });

  it('gives each function exactly its table actions: no Scan or BatchWriteItem, DeleteItem only on EVENT# keys, no roster, target library or conflict writes', () => {
    const { template, stack } = get(region);
    const role = (fn: { role: unknown }) => logicalId(fn.role as never);
    const tableArn = { 'Fn::GetAtt': [logicalId(stack.data.table), 'Arn'] };
    const indexArn = { 'Fn::Join': ['', [tableArn, '/index/gsi1']] };
    const where = (r: unknown) =>
      JSON.stringify(r) === JSON.stringify(tableArn) ? 'table' : JSON.stringify(r) === JSON.stringify(indexArn) ? 'gsi1' : JSON.stringify(r);
    const grants = (fn: { role: unknown }, effect: 'Allow' | 'Deny', prefix: string) =>
      statementsOfRole(template, role(fn))
        .filter((s) => s.Effect === effect)
        .flatMap((s) =>
          actionsOf([s])
            .filter((a) => a.startsWith(prefix))
            .flatMap((a) => [s.Resource].flat().map((r) => `${a} ${where(r)}${s.Condition ? ` ${JSON.stringify(s.Condition)}` : ''}`)),
        )
        .sort();
    const deleteEventsOnly = `dynamodb:DeleteItem table ${JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['EVENT#*'] } })}`;
    const rosterDenied = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'].map(
      (a) => `${a} table ${JSON.stringify({ 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['PERSON#*', 'TARGETS*', 'CONFLICTS*'] } })}`,
    );
    const sorted = (xs: string[]) => [...xs].sort();

    expect(grants(stack.webhook, 'Allow', 'dynamodb:')).toEqual(
      sorted([
        'dynamodb:BatchGetItem table',
        'dynamodb:ConditionCheckItem table',
        deleteEventsOnly,
        'dynamodb:GetItem table',
        'dynamodb:PutItem table',
        'dynamodb:Query gsi1',
        'dynamodb:Query table',
        'dynamodb:UpdateItem table',
      ]),
    );
    expect(grants(stack.worker, 'Allow', 'dynamodb:')).toEqual(
      sorted(['dynamodb:BatchGetItem table', 'dynamodb:ConditionCheckItem table', 'dynamodb:GetItem table', 'dynamodb:PutItem table', 'dynamodb:Query gsi1', 'dynamodb:Query table', 'dynamodb:UpdateItem table']),
    );
    expect(grants(stack.tick, 'Allow', 'dynamodb:')).toEqual(sorted(['dynamodb:GetItem table', 'dynamodb:PutItem table', 'dynamodb:Query gsi1', 'dynamodb:Query table', 'dynamodb:UpdateItem table']));
    // The aggregator: reads logs and buckets, writes snapshots, buckets and listings; deletes listings only;
    // reads the table's stream (ListStreams takes no resource).
    const streamArn = { 'Fn::GetAtt': [logicalId(stack.data.table), 'StreamArn'] };
    expect(grants(stack.aggregator, 'Allow', 'dynamodb:')).toEqual(
      sorted([
        'dynamodb:BatchGetItem table',
        `dynamodb:DeleteItem table ${JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['STATSLIST#*'] } })}`,
        'dynamodb:DescribeStream ' + JSON.stringify(streamArn),
        'dynamodb:GetItem table',
        'dynamodb:GetRecords ' + JSON.stringify(streamArn),
        'dynamodb:GetShardIterator ' + JSON.stringify(streamArn),
        'dynamodb:ListStreams "*"',
        'dynamodb:PutItem table',
        'dynamodb:Query gsi1',
        'dynamodb:Query table',
        'dynamodb:UpdateItem table',
      ]),
    );
    expect(grants(stack.aggregator, 'Deny', 'dynamodb:')).toEqual(rosterDenied);
    // Functions that write are denied the operator-only roster partition, whatever else they may do.
    expect(grants(stack.webhook, 'Deny', 'dynamodb:')).toEqual(rosterDenied);
    expect(grants(stack.worker, 'Deny', 'dynamodb:')).toEqual(rosterDenied);
    expect(grants(stack.tick, 'Deny', 'dynamodb:')).toEqual(rosterDenied);

    // The table key: writers may encrypt (the tick too: the publisher records what it put on the site).
    const dataKey = `{"Fn::GetAtt":["${logicalId(stack.data.key)}","Arn"]}`;
    expect(grants(stack.webhook, 'Allow', 'kms:')).toEqual(
      ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'].map((a) => `${a} ${dataKey}`),
    );
    expect(grants(stack.tick, 'Allow', 'kms:')).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'].map((a) => `${a} ${dataKey}`));

    // The tick, in full: read the table, record the publisher's steps, invoke the worker, report
    // failures, write its own log, keep reminder schedules in step (and hand the Scheduler its role),
    // publish the site.
    // (BatchWriteItem and DeleteItem appear only in the Deny of roster writes, as for every writer.)
    expect(sorted([...new Set(actionsOf(statementsOfRole(template, role(stack.tick))))])).toEqual(
      sorted([
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'iam:PassRole',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'lambda:InvokeFunction',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:DeleteObject',
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'scheduler:UpdateSchedule',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ]),
    );
    expect(grants(stack.tick, 'Allow', 'lambda:')).toEqual([`lambda:InvokeFunction {"Fn::GetAtt":["${logicalId(stack.worker.function)}","Arn"]}`]);
    expect(grants(stack.tick, 'Allow', 'sqs:').every((g) => g.endsWith(`{"Fn::GetAtt":["${logicalId(stack.failedJobs)}","Arn"]}`))).toBe(true);
  });
});

describe('Partition neutrality', () => {
  it.each(['cn-north-1', 'cn-northwest-1'])('has no arn:aws: literal in the %s template', (region) => {
    const { json } = get(region);
    expect(json).not.toContain('arn:aws:');
    // Every ARN literal is either built from AWS::Partition or carries the China partition.
    for (const m of json.matchAll(/"arn:([^:"]*):/g)) expect(m[1]).toBe('aws-cn');
  });

  it('resolves the partition from the region', () => {
    expect(get('cn-north-1').stack.partition).toBe('aws-cn');
    expect(get('cn-northwest-1').stack.partition).toBe('aws-cn');
    expect(get(GLOBAL).stack.partition).toBe('aws');
  });
});

describe('Bundling (real esbuild run)', () => {
  function bundleOf(s: Synthesised, fn: { function: unknown }): string {
    const key = s.template.toJSON().Resources[logicalId(fn.function as never)].Properties.Code.S3Key as string;
    return join(s.assemblyDir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
  }

  it.each([GLOBAL, 'cn-north-1'])('bundles the four handlers as minified, code-split ESM with source maps and the AWS SDK inside (%s)', (region) => {
    const s = get(region);
    const fns = [s.stack.webhook, s.stack.worker, s.stack.tick, s.stack.aggregator];
    const paths = fns.map((fn) => bundleOf(s, fn));
    expect(new Set(paths).size).toBe(4);
    for (const [i, p] of paths.entries()) {
      expect(existsSync(p)).toBe(true);
      expect(existsSync(`${p}.map`)).toBe(true);
      const code = readFileSync(p, 'utf8');
      expect(code).toMatch(/export\{[^}]*\bas handler\b[^}]*\}/);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      // Nothing left for the runtime to provide: the AWS SDK is bundled, not external. The one
      // exception is the SDK's own optional CRT signer, which it requires inside a try/catch.
      const dir = dirname(p);
      const all = [code, ...readdirSync(join(dir, 'chunks')).filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(join(dir, 'chunks', f), 'utf8'))].join('\n');
      const external = new Set([...all.matchAll(/(?:require\(|from|import\()\s*"(@[^"]+)"/g)].map((m) => m[1]));
      // The chart renderer is resvg's WebAssembly build, bundled like the rest: no native addon to ship.
      external.delete('@aws-sdk/signature-v4-crt');
      expect([...external], `function ${i}`).toEqual([]);
    }
  });
  it('ships the PDF renderer’s fonts beside the worker only, and loads pdfkit in the worker only on first use (a chunk)', () => {
    const s = get(GLOBAL);
    const worker = dirname(bundleOf(s, s.stack.worker));
    for (const file of fontAssetFiles()) expect(existsSync(join(worker, 'fonts', file)), file).toBe(true);
    for (const fn of [s.stack.webhook, s.stack.tick]) expect(existsSync(join(dirname(bundleOf(s, fn)), 'fonts'))).toBe(false);
    // pdfkit's own marker is not in the worker's entry file: its other jobs never parse it.
    const entry = readFileSync(join(worker, 'index.mjs'), 'utf8');
    const chunks = readdirSync(join(worker, 'chunks')).filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(join(worker, 'chunks', f), 'utf8'));
    expect(entry).not.toContain('PDFDocument');
    expect(chunks.some((c) => c.includes('PDFDocument'))).toBe(true);
  });
  it('ships resvg’s WebAssembly and the chart fonts beside the worker only; echarts is a chunk loaded on first use', () => {
    const s = get(GLOBAL);
    const worker = dirname(bundleOf(s, s.stack.worker));
    const wasm = readFileSync(join(worker, BUNDLED_RESVG_WASM));
    expect(wasm.subarray(0, 4).toString('latin1')).toBe('\0asm');
    expect(wasm.equals(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')))).toBe(true);
    for (const f of BUNDLED_CHART_FONTS) expect(existsSync(join(worker, f)), f).toBe(true);
    for (const fn of [s.stack.webhook, s.stack.tick, s.stack.aggregator]) expect(existsSync(join(dirname(bundleOf(s, fn)), 'resvg'))).toBe(false);
    const entry = readFileSync(join(worker, 'index.mjs'), 'utf8');
    const chunks = readdirSync(join(worker, 'chunks')).filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(join(worker, 'chunks', f), 'utf8'));
    expect(entry).not.toContain('renderToSVGString');
    expect(chunks.some((c) => c.includes('renderToSVGString'))).toBe(true);
  });
  it('the worker asset itself draws a chart: imported by plain node (no node_modules beside it), a PNG of the right size with its Chinese title drawn', () => {
    const s = get(GLOBAL);
    const entry = bundleOf(s, s.stack.worker);
    // A child process: Lambda's loader is node's, and vitest would re-transform the 2.5 MB bundle.
    const chart = { id: 'filed_by_type', kind: 'bar', subtitle: '', unit: '件', categories: ['行政处罚', '行政许可'], series: [{ name: '立案数', values: [7, 3] }], alt: '' };
    const script = `const { charts } = await import(${JSON.stringify(pathToFileURL(entry).href)});
const c = ${JSON.stringify(chart)};
const out = await charts.render([{ ...c, title: '立案数（按类型）二〇二六年' }, { ...c, title: '' }]);
process.stdout.write(JSON.stringify(out.map((r) => ({ png: Buffer.from(r.png).toString('base64'), width: r.width, height: r.height }))));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dirname(entry), encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.stderr).toBe('');
    const [titled, bare] = (JSON.parse(run.stdout) as { png: string; width: number; height: number }[]).map((r) => ({ ...r, img: decodePng(Buffer.from(r.png, 'base64')) }));
    if (!titled || !bare) throw new Error('two charts expected');
    expect([titled.img.width, titled.img.height, titled.width, titled.height]).toEqual([1440, 810, 1440, 810]);
    const ink = inkPixels(titled.img);
    expect(ink / (1440 * 810)).toBeGreaterThan(0.02);
    expect(ink / (1440 * 810)).toBeLessThan(0.6);
    // Eleven CJK characters at 36 px: thousands of dark pixels more than the same chart untitled.
    expect(ink - inkPixels(bare.img)).toBeGreaterThan(3000);
  });
});

describe('Custom domain (context domainName + certificateArn)', () => {
  it('adds a regional DomainName and ApiMapping and points the outputs at the domain', () => {
    const region = 'cn-north-1';
    const { template, json } = synth(region, {
      bundle: false,
      context: {
        domainName: 'feishu-bot.example.gov.cn',
        certificateArn: `arn:aws-cn:acm:${region}:123456789012:certificate/0b1c2d3e-1111-2222-3333-444455556666`,
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'feishu-bot.example.gov.cn',
      DomainNameConfigurations: [
        Match.objectLike({
          EndpointType: 'REGIONAL',
          SecurityPolicy: 'TLS_1_2',
          CertificateArn: Match.stringLikeRegexp('^arn:aws-cn:acm:cn-north-1:'),
        }),
      ],
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.FeishuEventsUrl?.Value).toBe('https://feishu-bot.example.gov.cn/feishu/events');
    expect(outputs.FeishuCardsUrl?.Value).toBe('https://feishu-bot.example.gov.cn/feishu/cards');
    expect(outputs.CustomDomainTarget).toBeDefined();
    // Feishu calls the domain only: the default execute-api host is switched off, and not output.
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    expect(outputs.ApiEndpoint).toBeUndefined();
    expect(json).not.toContain('arn:aws:');
  });

  it('rejects half a custom domain, a certificate from another region and a bad Feishu domain', () => {
    expect(() => buildApp({ bundle: false, context: { domainName: 'a.example.com' } })).toThrow(ConfigError);
    expect(() =>
      buildApp({
        bundle: false,
        context: {
          domainName: 'a.example.com',
          certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
        },
      }),
    ).toThrow(/region/);
    expect(() => buildApp({ bundle: false, context: { feishuDomain: 'http://open.feishu.cn' } })).toThrow(ConfigError);
    expect(() => buildApp({ bundle: false, context: { caseNumberFormat: '案{seq}' } })).toThrow(ConfigError);
  });

  it('passes the Lark domain to the worker (the one Open API caller) and a bureau case-number format to every function', () => {
    const { stack } = buildApp({
      bundle: false,
      context: { feishuDomain: 'https://open.larksuite.com/', caseNumberFormat: '某执立〔{year}〕{seq}号' },
    });
    const fns = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    for (const fn of Object.values(fns)) {
      expect(fn.Properties.Environment.Variables).toMatchObject({ CASE_NUMBER_FORMAT: '某执立〔{year}〕{seq}号' });
    }
    expect(fns[logicalId(stack.worker.function)]?.Properties.Environment.Variables.FEISHU_DOMAIN).toBe('https://open.larksuite.com');
  });
});

describe('Evidence lock (context evidenceLockMode, evidenceRetentionDays)', () => {
  it('passes mode and days to the worker and requires at least them in the bucket policy', () => {
    const { stack } = buildApp({ bundle: false, context: { evidenceLockMode: 'GOVERNANCE', evidenceRetentionDays: '365' } });
    const template = Template.fromStack(stack);
    expect(template.findResources('AWS::Lambda::Function')[logicalId(stack.worker.function)]?.Properties.Environment.Variables).toMatchObject({
      EVIDENCE_LOCK_MODE: 'GOVERNANCE',
      EVIDENCE_RETENTION_DAYS: '365',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(stack.evidence.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'DenyCaseObjectsWithoutTheLockMode', Condition: { StringNotEquals: { 's3:object-lock-mode': 'GOVERNANCE' } } }),
          Match.objectLike({ Sid: 'DenyCaseObjectsWithAShorterLock', Condition: { NumericLessThan: { 's3:object-lock-remaining-retention-days': '364' } } }),
        ]),
      },
    });
  });

  it('rejects a mode S3 does not have and a retention that is not 1–36500 whole days', () => {
    for (const bad of ['governance', 'LEGAL_HOLD', 'NONE']) {
      expect(() => buildApp({ bundle: false, context: { evidenceLockMode: bad } }), bad).toThrow(ConfigError);
    }
    for (const bad of ['0', '-1', '1.5', 'thirty', 36501, 0]) {
      expect(() => buildApp({ bundle: false, context: { evidenceRetentionDays: bad } }), String(bad)).toThrow(ConfigError);
    }
    expect(buildApp({ bundle: false, context: { evidenceRetentionDays: 3650 } }).config.evidenceLock).toEqual({ mode: 'COMPLIANCE', days: 3650 });
  });
});

describe('Operations options (context workerReservedConcurrency, alarmEmail)', () => {
  it('sets the worker\'s reserved concurrency and subscribes the alarm e-mail', () => {
    const { stack } = buildApp({ bundle: false, context: { workerReservedConcurrency: '25', alarmEmail: 'ops@example.gov.cn' } });
    const template = Template.fromStack(stack);
    expect(template.findResources('AWS::Lambda::Function')[logicalId(stack.worker.function)]?.Properties.ReservedConcurrentExecutions).toBe(25);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.gov.cn',
      TopicArn: { Ref: logicalId(stack.failedJobsAlarm.topic) },
    });
  });

  it('reserves nothing with "none" (for an account whose concurrency quota is too small)', () => {
    const { stack } = buildApp({ bundle: false, context: { workerReservedConcurrency: 'none' } });
    const fns = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    for (const fn of Object.values(fns)) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('rejects a reserved concurrency that is not a positive count and an address that is not one', () => {
    for (const bad of ['0', '-1', '2.5', 'ten', 1001, 0]) {
      expect(() => buildApp({ bundle: false, context: { workerReservedConcurrency: bad } }), String(bad)).toThrow(ConfigError);
    }
    for (const bad of ['ops', 'ops@', 'a b@example.com', 'ops@example']) {
      expect(() => buildApp({ bundle: false, context: { alarmEmail: bad } }), bad).toThrow(ConfigError);
    }
  });
});
