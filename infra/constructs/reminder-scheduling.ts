/**
 * Per-deadline reminder timers (functions/adapters/scheduler/eventbridge.ts): a schedule group that
 * holds only them, the role EventBridge Scheduler assumes to fire them (invoke the target function,
 * send to the dead-letter queue, nothing else; only for schedules of this group, in this account),
 * and the dead-letter queue. The schedules themselves are created at run time, one per reminder.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REMINDER_ENV } from '../../functions/adapters/scheduler/config.ts';

/** The actions that manage one-time schedules: CreateSchedule, UpdateSchedule (replace), DeleteSchedule. */
export const SCHEDULE_WRITE_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'] as const;

export interface ReminderSchedulingProps {
  /**
   * ARN of the function the schedules invoke, written out from its fixed name (no reference to the
   * function): the functions that create schedules get it in their environment, and a reference
   * would make the worker depend on the tick, which already depends on the worker
   * (WORKER_FUNCTION_NAME) — a cycle CloudFormation refuses.
   */
  readonly targetArn: string;
}

export class ReminderScheduling extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly deadLetters: sqs.Queue;
  readonly targetArn: string;

  constructor(scope: Construct, id: string, props: ReminderSchedulingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.targetArn = props.targetArn;

    // Its schedules are reminders the daily reconciliation can re-create; deleting the group with
    // the stack deletes them, which is what removing the bot should do.
    this.group = new scheduler.ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });

    // Events the Scheduler could not deliver within its retry policy. A standard queue (the Scheduler
    // refuses FIFO), SSE-SQS, TLS only, 14 days (the SQS maximum) to notice and redrive.
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // Only EventBridge Scheduler, only for schedules of this group in this account (confused deputy).
    this.role = new iam.Role(this, 'Role', {
      description: `EventBridge Scheduler fires the reminder schedules of ${stack.stackName} with this role`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': this.group.scheduleGroupArn },
        },
      }),
    });
    // The unqualified function only (no versions or aliases).
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.targetArn] }));
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetters.queueArn] }));
  }

  /** `arn:<partition>:scheduler:<region>:<account>:schedule/<group>/*`: every schedule of this group, no other. */
  get schedulesArn(): string {
    return Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.group.scheduleGroupName}/*` });
  }

  /**
   * Lets `grantee` create, replace and delete schedules in this group only, and hand the Scheduler
   * this role only (iam:PassRole, to the Scheduler service only).
   */
  grantManageSchedules(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...SCHEDULE_WRITE_ACTIONS], resources: [this.schedulesArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  }

  /** The settings functions/adapters/scheduler/eventbridge.ts is configured with. */
  environment(): Record<string, string> {
    return {
      [REMINDER_ENV.group]: this.group.scheduleGroupName,
      [REMINDER_ENV.target]: this.targetArn,
      [REMINDER_ENV.role]: this.role.roleArn,
      [REMINDER_ENV.deadLetter]: this.deadLetters.queueArn,
    };
  }
}
