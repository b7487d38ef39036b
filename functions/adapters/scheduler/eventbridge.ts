/**
 * Reminder schedules as one-time EventBridge Scheduler schedules: `at(...)` in Asia/Shanghai, the
 * domain's deterministic name, one schedule group, deleted by the Scheduler after it fires, no
 * flexible window, a retry policy and a dead-letter queue, the target function invoked with the
 * scheduler's execution role.
 */
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  SchedulerClient,
  type SchedulerClientConfig,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { type ReminderScheduler, type ScheduleInput, SchedulingError } from '../../ports/scheduling.ts';
import { checkScheduleInput, checkScheduleName, firedReminderInput } from './shape.ts';

export interface EventBridgeSchedulerConfig {
  /** The schedule group (infra: `ReminderScheduleGroup`); the callers' IAM allows only this group. */
  groupName: string;
  /** ARN of the function the schedules invoke. */
  targetArn: string;
  /** The scheduler's execution role: may invoke the target and send to the dead-letter queue, nothing else. */
  roleArn: string;
  /** SQS standard queue for events the Scheduler could not deliver after its retries. */
  deadLetterArn: string;
  retryPolicy?: RetryPolicy;
}

export interface RetryPolicy {
  /** 60–86400 */
  maximumEventAgeSeconds: number;
  /** 0–185 */
  maximumRetryAttempts: number;
}

/**
 * A reminder that cannot be delivered within an hour is left to the daily reconciliation run, which
 * sends what a lost schedule missed; after that it lands in the dead-letter queue (alarmed).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maximumEventAgeSeconds: 3600, maximumRetryAttempts: 10 };

/**
 * Off the acknowledgement path (worker, tick), but never unbounded: three attempts of at most 3 s each
 * (`throwOnRequestTimeout`, or a timeout only logs a warning); the SDK backs off between them on
 * throttling and 5xx.
 */
export const SCHEDULER_CLIENT_CONFIG: SchedulerClientConfig = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 3000, throwOnRequestTimeout: true },
};

export function createSchedulerClient(config: SchedulerClientConfig = {}): SchedulerClient {
  return new SchedulerClient({ ...SCHEDULER_CLIENT_CONFIG, ...config });
}

/** Create → (exists) update → (fired and deleted meanwhile) create again: bounded. */
const MAX_ROUNDS = 3;

const RETRYABLE_NAMES = new Set(['ThrottlingException', 'InternalServerException', 'TimeoutError', 'RequestTimeout']);
/** A wrong request, configuration or permission, or the account's schedule quota: repeating will not help. */
const PERMANENT_NAMES = new Set(['ValidationException', 'AccessDeniedException', 'ResourceNotFoundException', 'ServiceQuotaExceededException']);

/** By name (a string: a bundler may rename classes): the SDK sets it on every modelled error. */
function isNamed(err: unknown, name: string): boolean {
  return (err as { name?: unknown } | undefined)?.name === name;
}

function classify(err: unknown, what: string): SchedulingError {
  if (err instanceof SchedulingError) return err;
  const e = err as { name?: string; $fault?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const name = e?.name ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  // No HTTP status at all: the request never got an answer (connection reset, timeout).
  const retryable =
    !PERMANENT_NAMES.has(name) &&
    (RETRYABLE_NAMES.has(name) || e?.$fault === 'server' || status === undefined || status >= 500 || status === 429);
  return new SchedulingError(`${what} failed: ${name}`, retryable, name, { cause: err });
}

export class EventBridgeReminderScheduler implements ReminderScheduler {
  private readonly retry: RetryPolicy;

  constructor(
    private readonly client: SchedulerClient,
    private readonly config: EventBridgeSchedulerConfig,
  ) {
    this.retry = config.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  /** The whole definition: UpdateSchedule replaces every field, so create and update send the same. */
  definition(schedule: ScheduleInput): CreateScheduleCommandInput {
    return {
      Name: schedule.name,
      GroupName: this.config.groupName,
      ScheduleExpression: schedule.expression,
      ScheduleExpressionTimezone: schedule.timeZone,
      // A legal deadline's reminder goes at its time, not somewhere in a window.
      FlexibleTimeWindow: { Mode: 'OFF' },
      // One-time: the Scheduler deletes it after it fires, so fired schedules never pile up to the quota.
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: this.config.targetArn,
        RoleArn: this.config.roleArn,
        Input: firedReminderInput(schedule),
        RetryPolicy: {
          MaximumEventAgeInSeconds: this.retry.maximumEventAgeSeconds,
          MaximumRetryAttempts: this.retry.maximumRetryAttempts,
        },
        DeadLetterConfig: { Arn: this.config.deadLetterArn },
      },
    };
  }

  async upsert(input: ScheduleInput): Promise<'created' | 'updated'> {
    const schedule = checkScheduleInput(input);
    const definition = this.definition(schedule);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      try {
        await this.client.send(new CreateScheduleCommand(definition));
        return 'created';
      } catch (err) {
        // The name exists (a moved deadline, or a repeat): replace it in place.
        if (!isNamed(err, 'ConflictException')) {
          throw classify(err, `CreateSchedule ${schedule.name}`);
        }
      }
      try {
        await this.client.send(new UpdateScheduleCommand(definition));
        return 'updated';
      } catch (err) {
        // It fired (and was deleted) between the two calls: create it again.
        if (!isNamed(err, 'ResourceNotFoundException')) {
          throw classify(err, `UpdateSchedule ${schedule.name}`);
        }
      }
    }
    throw new SchedulingError(`schedule ${schedule.name} kept changing between create and update`, true, 'ConflictException');
  }

  async remove(nameInput: string): Promise<'deleted' | 'absent'> {
    const name = checkScheduleName(nameInput);
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.config.groupName }));
      return 'deleted';
    } catch (err) {
      if (isNamed(err, 'ResourceNotFoundException')) return 'absent';
      throw classify(err, `DeleteSchedule ${name}`);
    }
  }
}
