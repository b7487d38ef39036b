/**
 * The whole bot in one stack: state (table, evidence bucket, keys, secret) is retained and
 * deletion-protected, so deleting or replacing the stack never deletes a case record.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SECRET_PLACEHOLDER } from '../functions/config/index.ts';
import type { DeployConfig } from './config.ts';
import { AppFunction, FUNCTION_LOG_RETENTION } from './constructs/app-function.ts';
import { DataTable } from './constructs/data-table.ts';
import { EvidenceBucket } from './constructs/evidence-bucket.ts';
import { CARDS_PATH, EVENTS_PATH, FeishuApi } from './constructs/feishu-api.ts';
import { acknowledgeNagFindings } from './nag.ts';

export const HANDLER_ENTRIES = {
  webhook: 'functions/handlers/webhook.ts',
  worker: 'functions/handlers/worker.ts',
  tick: 'functions/handlers/tick.ts',
} as const;

// The handlers treat this placeholder as "not configured" and refuse every push until it is filled.
export { SECRET_PLACEHOLDER };

export const TICK_RATE = Duration.minutes(5);

export interface FeishuBotStackProps extends StackProps {
  readonly config: DeployConfig;
}

export class FeishuBotStack extends Stack {
  readonly data: DataTable;
  readonly evidence: EvidenceBucket;
  readonly feishuSecret: secretsmanager.Secret;
  readonly failedJobs: sqs.Queue;
  readonly webhook: AppFunction;
  readonly worker: AppFunction;
  readonly tick: AppFunction;
  readonly tickSchedule: scheduler.Schedule;
  readonly ingress: FeishuApi;

  constructor(scope: Construct, id: string, props: FeishuBotStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.data = new DataTable(this, 'Data');
    this.evidence = new EvidenceBucket(this, 'Evidence');

    // Created before the Feishu app exists, so it deploys in one go; an operator then writes the real
    // values (infra/README.md). The placeholders are public (this file), so the one value every kind
    // of Feishu request is checked against, the verification token, is generated at random instead:
    // until the secret is filled, no request can pass the webhook's checks. CloudFormation does not
    // regenerate the value on later deploys unless generateSecretString itself changes.
    this.feishuSecret = new secretsmanager.Secret(this, 'FeishuSecret', {
      description:
        'Feishu/Lark app credentials of the enforcement bot: JSON {appId, appSecret, encryptKey, verificationToken}. ' +
        'Fill it after deploying (infra/README.md).',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          appId: SECRET_PLACEHOLDER,
          appSecret: SECRET_PLACEHOLDER,
          encryptKey: SECRET_PLACEHOLDER,
        }),
        generateStringKey: 'verificationToken',
        excludePunctuation: true,
        passwordLength: 32,
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

    const common: Record<string, string> = {
      TABLE_NAME: this.data.table.tableName,
      EVIDENCE_BUCKET: this.evidence.bucket.bucketName,
      FEISHU_SECRET_ARN: this.feishuSecret.secretArn,
      FEISHU_DOMAIN: config.feishuDomain,
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
      environment: { ...common },
      asyncInvoke: { onFailure: this.failedJobs, retryAttempts: 2, maxEventAge: Duration.hours(6) },
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
      environment: { ...common, WORKER_FUNCTION_NAME: this.worker.functionName },
    });

    // Scheduled sweep: finds due work in the table and hands it to the worker.
    this.tick = new AppFunction(this, 'Tick', {
      entry: HANDLER_ENTRIES.tick,
      description: 'Runs due scheduled work every 5 minutes and hands it to the worker',
      memorySize: 512,
      timeout: Duration.seconds(60),
      environment: { ...common, WORKER_FUNCTION_NAME: this.worker.functionName },
      asyncInvoke: { onFailure: this.failedJobs, retryAttempts: 2, maxEventAge: Duration.hours(6) },
    });

    // Least privilege, function by function.
    for (const fn of [this.webhook, this.worker, this.tick]) this.data.grantData(fn.role);
    this.feishuSecret.grantRead(this.webhook.role);
    this.feishuSecret.grantRead(this.worker.role);
    this.evidence.grantReadAndAdd(this.worker.role);
    this.worker.allowInvokeBy(this.webhook);
    this.worker.allowInvokeBy(this.tick);

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
    new CfnOutput(this, 'ApiEndpoint', {
      description: 'Default execute-api endpoint of the HTTP API',
      value: this.ingress.api.apiEndpoint,
    });
    if (this.ingress.domainName) {
      new CfnOutput(this, 'CustomDomainTarget', {
        description: 'Create a CNAME from the custom domain to this regional API Gateway host name',
        value: this.ingress.domainName.regionalDomainName,
      });
    }
    new CfnOutput(this, 'FeishuSecretArn', {
      description: 'Secrets Manager secret to fill with the Feishu app credentials',
      value: this.feishuSecret.secretArn,
    });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: this.evidence.bucket.bucketName });
    new CfnOutput(this, 'FailedJobsQueueUrl', { value: this.failedJobs.queueUrl });

    acknowledgeNagFindings(this);
  }
}
