/**
 * Tells an operator when asynchronous work has failed for good: a CloudWatch alarm on the failed-jobs
 * queue (any visible message) that notifies an SNS topic, encrypted with a customer-managed key and
 * TLS-only. Subscribe to the topic (context `alarmEmail`, or any SNS subscription) to be told.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface FailedJobsAlarmProps {
  readonly queue: sqs.IQueue;
  readonly email?: string;
}

export class FailedJobsAlarm extends Construct {
  readonly key: kms.Key;
  readonly topic: sns.Topic;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FailedJobsAlarmProps) {
    super(scope, id);
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');

    // Customer-managed: CloudWatch cannot publish to a topic under the AWS managed key alias/aws/sns,
    // whose policy cannot be changed. Nothing is stored under this key (SNS keeps no messages), so it
    // goes with the stack, after the shortest waiting period.
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the operator alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Feishu enforcement bot alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    this.alarm = this.watch(
      'Alarm',
      props.queue,
      'Asynchronous work failed after its retries and is waiting in the FailedJobs queue (Feishu replies, ' +
        'notices to co-officers, scheduled work). Inspect, fix and redrive: infra/README.md "Operations".',
    );
  }

  /**
   * Alarms on any visible message in `queue`, notifying this topic on alarm and on recovery; the
   * topic lets exactly the alarms made here publish.
   */
  watch(id: string, queue: sqs.IQueue, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops reporting an idle, empty queue: no data means nothing failed.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const notify = new actions.SnsAction(this.topic);
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);

    // The topic policy that enforceSSL creates has no Allow: let this alarm, and only it, publish.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnEquals: { 'aws:SourceArn': alarm.alarmArn },
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
    return alarm;
  }
}
