/**
 * The whole bot in one stack: state (table, evidence bucket, keys, secret) is retained and
 * deletion-protected, so deleting or replacing the stack never deletes a case record.
 */
import { ArnFormat, CfnOutput, Duration, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { keys } from '../functions/adapters/dynamodb/keys.ts';
import { SECRET_PLACEHOLDER } from '../functions/config/index.ts';
import { copyWorkerAssets } from './bundle.ts';
import { type DeployConfig, isChinaRegion } from './config.ts';
import { AppFunction, FUNCTION_LOG_RETENTION, fixedFunctionName } from './constructs/app-function.ts';
import { DataTable, type TableAccess } from './constructs/data-table.ts';
import { EvidenceBucket } from './constructs/evidence-bucket.ts';
import { FailedJobsAlarm } from './constructs/failed-jobs-alarm.ts';
import { ReportsBucket } from './constructs/reports-bucket.ts';
import { CARDS_PATH, EVENTS_PATH, FeishuApi } from './constructs/feishu-api.ts';
import { PUBLIC_SITE_ENV, PublicSite } from './constructs/public-site.ts';
import { ReminderScheduling } from './constructs/reminder-scheduling.ts';

export const HANDLER_ENTRIES = {
  webhook: 'functions/handlers/webhook.ts',
  worker: 'functions/handlers/worker.ts',
  tick: 'functions/handlers/tick.ts',
  aggregator: 'functions/handlers/aggregator.ts',
} as const;

// The handlers treat this placeholder as "not configured" and refuse every push until it is filled.
export { SECRET_PLACEHOLDER };

export const TICK_RATE = Duration.minutes(5);

/** Partition-key prefix of a key made by functions/adapters/dynamodb/keys.ts. */
const prefixOf = (pk: string): string => pk.slice(0, pk.indexOf('#') + 1);

/**
 * What each function does to the table, read off the code (functions/adapters/dynamodb/ and who
 * calls it). Adding a DynamoDB call to a function means adding its action here.
 * - webhook: event markers (conditional PutItem and UpdateItem; DeleteItem to release a claim,
 *   only on `EVENT#` keys), card callbacks (GetItem and BatchGetItem of people and cases, Query of the
 *   case partition and gsi1, and the filing transaction: Update of the counter, Puts of the case,
 *   its record, the form marker and the officers' listing items; ConditionCheckItem for guards; an
 *   evidence item's activity with its record entry and the case's log head (Put, Update); a person's
 *   current case and which case a card shows (PutItem); each legal-review step: the Put of the case's
 *   `REVIEW` item conditioned on its version, with its sealed record entry and the log head's Update,
 *   and on 批准 the case's status and decision in that same Update).
 * - worker: reads people and cases (GetItem, Query of gsi1 for the case list and the roster), marks
 *   the follow-up work it completes (UpdateItem), and appends record entries: each a conditional Put
 *   of `LOG#<seq>` with the Update of the case's log head in one transaction, with what the entry
 *   records (evidence items and their hash markers, once-markers: Puts; the archive: Updates of the
 *   case and its officers' listing items); files waiting for a case and which case a card shows, the
 *   review cards sent for a round (`REVIEWCARD#`, PutItem).
 *   A draw's job reads the target library and conflicts (Query), the draw's blob chunks (BatchGetItem)
 *   and writes the commitment, the reveal, decisions and tasks (transactions of PutItem/UpdateItem).
 *   Tracked deadlines (`DEADLINE#` items, Puts in a transaction with a ConditionCheckItem of the case's
 *   log head) and the reminders' send-once claims (a conditional Put, then an Update to `sent`).
 * - tick: finds due work (Query of gsi1: follow-ups and owed work, the open deadlines by due date, the
 *   decisions with disclosure work) and reads what it points at (GetItem: a deadline, a send-once
 *   claim); hands each piece of work to the worker (a reminder's send included: the worker claims it).
 *   Its one write is the publisher's record of what it put on the public site: each step's record
 *   entry (Put of `LOG#<seq>` and of its once-marker) with the case's log head and disclosure fields
 *   (Update) in one transaction.
 */
export const TABLE_ACCESS = {
  webhook: {
    items: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'],
    query: true,
    deleteUnder: [prefixOf(keys.event('x').pk)],
  },
  // PutItem/UpdateItem: record entries the worker appends with the log head they move (conditioned on
  // a free seq and the head read), evidence items, the archive, drafted documents and their number
  // counters, a draw's commitment and reveal and decisions; ConditionCheckItem: the case's log head
  // guarding a deadline write. BatchGetItem: a draw's blob chunks. Never a delete: evidence is permanent.
  worker: { items: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], query: true },
  tick: { items: ['GetItem', 'PutItem', 'UpdateItem'], query: true },
  // The statistics aggregator: reads a case (META, its LOG# Query) or a draw's log, its snapshot and
  // the month buckets; writes the snapshot, the buckets (ADD) and the figure listings in one
  // transaction, deleting only listing items (STATSLIST#) that a fact left.
  aggregator: { items: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'], query: true, deleteUnder: ['STATSLIST#'] },
} as const satisfies Record<'webhook' | 'worker' | 'tick' | 'aggregator', TableAccess>;


export interface FeishuBotStackProps extends StackProps {
  readonly config: DeployConfig;
}

export class FeishuBotStack extends Stack {
  readonly data: DataTable;
  readonly evidence: EvidenceBucket;
  readonly reports: ReportsBucket;
  readonly feishuVerificationSecret: secretsmanager.Secret;
  readonly feishuCredentialsSecret: secretsmanager.Secret;
  readonly failedJobs: sqs.Queue;
  readonly failedJobsAlarm: FailedJobsAlarm;
  readonly webhook: AppFunction;
  readonly worker: AppFunction;
  readonly tick: AppFunction;
  readonly aggregator: AppFunction;
  readonly tickSchedule: scheduler.Schedule;
  readonly ingress: FeishuApi;
  readonly reminders: ReminderScheduling;
  readonly remindersAlarm: cloudwatch.Alarm;
  readonly site: PublicSite;

  constructor(scope: Construct, id: string, props: FeishuBotStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.data = new DataTable(this, 'Data');
    this.evidence = new EvidenceBucket(this, 'Evidence', { lock: config.evidenceLock });
    this.reports = new ReportsBucket(this, 'Reports', { accessLogBucket: this.evidence.accessLogBucket });

    // Two secrets, so that each function can read only what it uses: the internet-facing webhook
    // reads the Encrypt Key and Verification Token (inbound checks), never the App Secret; the worker
    // reads the App ID and App Secret (Open API calls), never the keys that authenticate pushes.
    // Both are created before the Feishu app exists, so the stack deploys in one go; an operator then
    // writes the real values (infra/README.md). The placeholders are public (this file), so the one
    // value every kind of Feishu request is checked against, the verification token, is generated at
    // random instead: until the secret is filled, no request can pass the webhook's checks.
    // CloudFormation rewrites a secret's value only when its generateSecretString or
    // secretObjectValue changes in this file, never on an ordinary redeploy.
    this.feishuVerificationSecret = new secretsmanager.Secret(this, 'FeishuVerificationSecret', {
      description:
        'Feishu/Lark push verification of the enforcement bot, read by the webhook only: JSON ' +
        '{encryptKey, verificationToken}. Fill it after deploying (infra/README.md).',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ encryptKey: SECRET_PLACEHOLDER }),
        generateStringKey: 'verificationToken',
        excludePunctuation: true,
        passwordLength: 32,
      },
    });
    this.feishuCredentialsSecret = new secretsmanager.Secret(this, 'FeishuCredentialsSecret', {
      description:
        'Feishu/Lark app credentials of the enforcement bot, read by the worker only: JSON {appId, appSecret}. ' +
        'Fill it after deploying (infra/README.md).',
      // Placeholders, not secrets: the worker treats them as unset.
      secretObjectValue: {
        appId: SecretValue.unsafePlainText(SECRET_PLACEHOLDER),
        appSecret: SecretValue.unsafePlainText(SECRET_PLACEHOLDER),
      },
    });

    // Where asynchronous work ends up when it cannot be done: the worker's and the tick's
    // on-failure destination and the scheduler's dead-letter queue. 14 days (the SQS maximum) to
    // notice and redrive.
    this.failedJobs = new sqs.Queue(this, 'FailedJobs', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.failedJobsAlarm = new FailedJobsAlarm(this, 'FailedJobsAlarm', { queue: this.failedJobs, email: config.alarmEmail });

    // Reminder timers: one-time schedules in their own group, fired into the tick function (it has
    // no Feishu secret; it claims the send and hands the message to the worker). The tick's name is
    // fixed so its ARN can be written down without a reference (see ReminderScheduling).
    const tickName = fixedFunctionName(this.stackName, 'Tick');
    this.reminders = new ReminderScheduling(this, 'Reminders', {
      targetArn: this.formatArn({ service: 'lambda', resource: 'function', resourceName: tickName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    });
    this.remindersAlarm = this.failedJobsAlarm.watch(
      'RemindersAlarm',
      this.reminders.deadLetters,
      'A reminder schedule could not invoke its target within its retry policy and its event is waiting in the ' +
        'reminder dead-letter queue. The daily reconciliation sends what a lost reminder missed; find why the ' +
        'Scheduler could not invoke the tick: infra/README.md "Operations".',
    );

    // The public disclosure site: CloudFront + OAC where the partition has it, else the S3 website endpoint.
    this.site = new PublicSite(this, 'PublicSite', { china: isChinaRegion(config.region), domainName: config.siteDomainName });

    // Each function gets only the settings it uses: no function learns of a secret it cannot read.
    const common: Record<string, string> = {
      TABLE_NAME: this.data.table.tableName,
      CASE_NUMBER_FORMAT: config.caseNumberFormat,
    };

    // Jobs: Feishu Open API calls (the SDK is a 6 MB bundle to parse), evidence downloads and
    // hashing. 1 GB buys a proportional share of CPU (Lambda scales CPU with memory) and headroom for
    // streaming files; 60 s covers a few retried Open API calls and a download of a large file.
    this.worker = new AppFunction(this, 'Worker', {
      entry: HANDLER_ENTRIES.worker,
      description: 'Asynchronous jobs: Feishu replies and updates, evidence download, reminders',
      memorySize: 1024,
      timeout: Duration.seconds(60),
      environment: {
        ...common,
        EVIDENCE_BUCKET: this.evidence.bucket.bucketName,
        // Read by functions/adapters/s3/config.ts; the bucket policy refuses a weaker lock.
        EVIDENCE_LOCK_MODE: config.evidenceLock.mode,
        EVIDENCE_RETENTION_DAYS: String(config.evidenceLock.days),
        REPORTS_BUCKET: this.reports.bucket.bucketName,
        FEISHU_CREDENTIALS_SECRET_ARN: this.feishuCredentialsSecret.secretArn,
        FEISHU_DOMAIN: config.feishuDomain,
        ...this.reminders.environment(),
        // The lists' and draws' pages (functions/app/lists/, functions/app/draw/).
        [PUBLIC_SITE_ENV]: this.site.bucket.bucketName,
        ...(config.officeChatId ? { OFFICE_CHAT_ID: config.officeChatId } : {}),
      },
      asyncInvoke: { onFailure: this.failedJobs, retryAttempts: 2, maxEventAge: Duration.hours(6) },
      // A flood of pushes becomes a flood of jobs: capped here, it cannot take the account's whole
      // concurrency (and starve the webhook); throttled async events wait in Lambda's queue.
      reservedConcurrentExecutions: config.workerReservedConcurrency,
      // The PDF and chart fonts (fonts/) and resvg's WebAssembly (resvg/), read beside the bundle.
      afterBundling: copyWorkerAssets,
    });

    // The acknowledgement path: must answer Feishu within 3 s (url_verification within 1 s) even on
    // a cold start. 512 MB gives it about a third of a vCPU for module load, AES and HMAC work and
    // one or two DynamoDB round trips; the 10 s timeout only bounds a hung dependency, since Feishu
    // will already have retried by then.
    this.webhook = new AppFunction(this, 'Webhook', {
      entry: HANDLER_ENTRIES.webhook,
      description: 'Feishu event subscription and card callback endpoint (acknowledges, hands off slow work)',
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: {
        ...common,
        FEISHU_VERIFICATION_SECRET_ARN: this.feishuVerificationSecret.secretArn,
        WORKER_FUNCTION_NAME: this.worker.functionName,
      },
    });

    // Scheduled sweep: finds due work in the table and hands it to the worker.
    this.tick = new AppFunction(this, 'Tick', {
      entry: HANDLER_ENTRIES.tick,
      description: 'Runs due scheduled work every 5 minutes and fired reminders, and hands sends to the worker',
      memorySize: 512,
      timeout: Duration.seconds(60),
      functionName: tickName,
      environment: {
        ...common,
        WORKER_FUNCTION_NAME: this.worker.functionName,
        ...this.reminders.environment(),
        [PUBLIC_SITE_ENV]: this.site.bucket.bucketName,
      },
      asyncInvoke: { onFailure: this.failedJobs, retryAttempts: 2, maxEventAge: Duration.hours(6) },
    });

    // Statistics: the table's stream (keys only) feeds the record entries to the aggregator, which keeps
    // the month counters and figure lists in step; nothing on the acknowledgement path writes more.
    this.aggregator = new AppFunction(this, 'Aggregator', {
      entry: HANDLER_ENTRIES.aggregator,
      description: 'Keeps the statistics (month counters, figure lists) in step with the record logs, from the table stream',
      memorySize: 512,
      timeout: Duration.seconds(60),
      environment: { ...common },
    });
    this.aggregator.function.addEventSource(
      new DynamoEventSource(this.data.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        // A failed subject is reported (partial batch response) and retried from its first record;
        // every run is idempotent. After the retries the batch's position goes to FailedJobs
        // (the rebuild, `npm run stats -- rebuild`, repairs what was missed).
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.failedJobs),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { sk: { S: lambda.FilterRule.beginsWith('LOG#') } } },
          }),
        ],
      }),
    );

    // Least privilege, function by function.
    this.data.grant(this.webhook.role, TABLE_ACCESS.webhook);
    this.data.grant(this.worker.role, TABLE_ACCESS.worker);
    this.data.grant(this.tick.role, TABLE_ACCESS.tick);
    this.data.grant(this.aggregator.role, TABLE_ACCESS.aggregator);
    this.feishuVerificationSecret.grantRead(this.webhook.role);
    this.feishuCredentialsSecret.grantRead(this.worker.role);
    this.evidence.grantEvidenceAccess(this.worker.role);
    this.reports.grantExports(this.worker.role);
    this.worker.allowInvokeBy(this.webhook);
    this.worker.allowInvokeBy(this.tick);
    // Deadlines change in card actions and jobs (their follow-ups run in the worker) and in the daily
    // run (the tick): both keep the reminder schedules in step. The tick publishes decisions (and
    // takes them down); the worker writes the lists' and draws' pages and never deletes one.
    this.reminders.grantManageSchedules(this.worker.role);
    this.reminders.grantManageSchedules(this.tick.role);
    this.site.grantPublish(this.tick.role);
    this.site.grantWrite(this.worker.role);

    this.tickSchedule = new scheduler.Schedule(this, 'TickSchedule', {
      description: 'Runs the tick function every 5 minutes',
      schedule: scheduler.ScheduleExpression.rate(TICK_RATE),
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.LambdaInvoke(this.tick.function, {
        // The scheduled time, so a retried or late tick does the work due at its own instant.
        input: scheduler.ScheduleTargetInput.fromObject({ time: scheduler.ContextAttribute.scheduledTime }),
        // A tick that cannot be delivered within one period is superseded by the next one.
        maxEventAge: TICK_RATE,
        retryAttempts: 3,
        deadLetterQueue: this.failedJobs,
      }),
    });
    // First run only after the tick's log group and log permissions exist.
    this.tickSchedule.node.addDependency(this.tick);

    this.ingress = new FeishuApi(this, 'Ingress', {
      handler: this.webhook.function,
      customDomain: config.customDomain,
      logRetention: FUNCTION_LOG_RETENTION,
    });

    new CfnOutput(this, 'FeishuEventsUrl', {
      description: 'Feishu event subscription request URL (事件订阅 请求地址)',
      value: `${this.ingress.baseUrl}${EVENTS_PATH}`,
    });
    new CfnOutput(this, 'FeishuCardsUrl', {
      description: 'Feishu card callback request URL (卡片回调 请求地址)',
      value: `${this.ingress.baseUrl}${CARDS_PATH}`,
    });
    if (this.ingress.domainName) {
      new CfnOutput(this, 'CustomDomainTarget', {
        description: 'Create a CNAME from the custom domain to this regional API Gateway host name',
        value: this.ingress.domainName.regionalDomainName,
      });
    } else {
      new CfnOutput(this, 'ApiEndpoint', {
        description: 'Default execute-api endpoint of the HTTP API (switched off when a custom domain is configured)',
        value: this.ingress.api.apiEndpoint,
      });
    }
    new CfnOutput(this, 'FeishuVerificationSecretArn', {
      description: 'Secrets Manager secret to fill with the Encrypt Key and Verification Token (webhook)',
      value: this.feishuVerificationSecret.secretArn,
    });
    new CfnOutput(this, 'FeishuCredentialsSecretArn', {
      description: 'Secrets Manager secret to fill with the App ID and App Secret (worker)',
      value: this.feishuCredentialsSecret.secretArn,
    });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: this.evidence.bucket.bucketName });
    new CfnOutput(this, 'ReportsBucketName', { description: 'Statistics exports (CSV, XLSX)', value: this.reports.bucket.bucketName });
    new CfnOutput(this, 'FailedJobsQueueUrl', { value: this.failedJobs.queueUrl });
    new CfnOutput(this, 'ReminderScheduleGroup', { value: this.reminders.group.scheduleGroupName });
    new CfnOutput(this, 'ReminderDeadLetterQueueUrl', { value: this.reminders.deadLetters.queueUrl });
    new CfnOutput(this, 'PublicSiteBucketName', { value: this.site.bucket.bucketName });
    new CfnOutput(this, 'PublicSiteUrl', {
      description: isChinaRegion(config.region)
        ? 'S3 website endpoint of the disclosure site (HTTP; needs the ICP filing; infra/README.md "The public site")'
        : 'CloudFront URL of the disclosure site',
      value: this.site.url,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic notified when work lands in FailedJobs (subscribe to it)',
      value: this.failedJobsAlarm.topic.topicArn,
    });
  }
}
