/**
 * The one way this app builds a Lambda function: Node 22 on arm64, an esbuild bundle (ESM, code
 * splitting; see infra/bundle.ts) that includes the AWS SDK, its own log group with a fixed retention, a role that can write only to that log
 * group, no X-Ray (absent in the China regions) and, for asynchronously invoked functions, bounded
 * retries with an on-failure destination.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, FeatureFlags, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundleHandler, HANDLER } from '../bundle.ts';

/** Repository root: infra/constructs/ is two levels below it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Lambda logs are operational records of a government system: China's Cybersecurity Law (Art. 21)
 * asks for network logs to be kept at least six months; one year covers that with margin and a full
 * annual review cycle. Case records themselves live in DynamoDB, not in logs.
 */
export const FUNCTION_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

export interface AsyncInvokeOptions {
  /** Where Lambda sends an event after its retries are exhausted or it grew too old. */
  readonly onFailure: sqs.IQueue;
  /** @default 2 */
  readonly retryAttempts?: number;
  /** @default 6 hours */
  readonly maxEventAge?: Duration;
}

export interface AppFunctionProps {
  /** Handler file, relative to the repository root (e.g. `functions/handlers/webhook.ts`). */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  /** Set for functions invoked asynchronously (Event invocations, schedules). */
  readonly asyncInvoke?: AsyncInvokeOptions;
  /** @default FUNCTION_LOG_RETENTION */
  readonly logRetention?: logs.RetentionDays;
  /** Reserved concurrency: guaranteed to the function and its ceiling. @default none */
  readonly reservedConcurrentExecutions?: number;
}

export class AppFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);

    if (FeatureFlags.of(this).isEnabled(cxapi.USE_CDK_MANAGED_LAMBDA_LOGGROUP)) {
      // That flag makes CDK create a second /aws/lambda/<name> log group beside ours.
      throw new Error(`AppFunction creates its own log group; set "${cxapi.USE_CDK_MANAGED_LAMBDA_LOGGROUP}" to false`);
    }

    // A role of our own instead of AWSLambdaBasicExecutionRole (logs:* on every log group):
    // this one may only write to this function's log group, attached below.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${Stack.of(this).stackName}/${id}`,
    });

    const entry = path.resolve(REPO_ROOT, props.entry);
    this.function = new lambda.Function(this, 'Function', {
      // Local esbuild only: synth works on a machine without Docker (the image is never pulled).
      code: lambda.Code.fromAsset(path.dirname(entry), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
          // Part of CDK's bundling cache key (tryBundle itself is not), so each entry gets its own bundle.
          command: ['esbuild', props.entry],
          local: {
            tryBundle(outputDir) {
              bundleHandler(entry, outputDir, REPO_ROOT);
              return true;
            },
          },
        },
      }),
      handler: HANDLER,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      tracing: lambda.Tracing.DISABLED,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        LOG_LEVEL: 'info',
        ...props.environment,
      },
      ...(props.asyncInvoke && {
        onFailure: new SqsDestination(props.asyncInvoke.onFailure),
        retryAttempts: props.asyncInvoke.retryAttempts ?? 2,
        maxEventAge: props.asyncInvoke.maxEventAge ?? Duration.hours(6),
      }),
    });

    // Named the way Lambda names it, so Lambda writes here instead of creating an unbounded one.
    // (Lambda's LoggingConfig would avoid the name, but it has not been available in every
    // partition; the naming convention works everywhere.)
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${this.function.functionName}`,
      retention: props.logRetention ?? FUNCTION_LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A separate policy, not the role's default policy: the function depends on its role's default
    // policy, and this statement depends on the function's name through the log group.
    new iam.Policy(this, 'LogsPolicy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
      ],
    });
  }

  get functionName(): string {
    return this.function.functionName;
  }

  get functionArn(): string {
    return this.function.functionArn;
  }

  /**
   * Lets `caller` invoke this function (sync or `InvocationType: 'Event'`) by its unqualified name.
   * Narrower than `grantInvoke`, which also allows every version and alias (`<arn>:*`).
   */
  allowInvokeBy(caller: AppFunction): void {
    caller.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.function.functionArn],
      }),
    );
  }
}
