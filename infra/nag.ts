/**
 * Every cdk-nag (AwsSolutions pack, cdk-nag 3.x) finding this stack accepts, each on the narrowest
 * construct and, for IAM5, on the exact finding, with the reason it is accepted. Anything not listed
 * here fails `cdk synth` and test/infra/nag.test.ts.
 */
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { FeishuBotStack } from './stack.ts';

export interface NagAcknowledgement {
  readonly scope: IConstruct;
  readonly id: string;
  readonly reason: string;
}

/** `<LogicalId.Arn>` the way cdk-nag names a GetAtt in an IAM5 finding. */
function arnRef(construct: IConstruct): string {
  const cfn = construct.node.defaultChild;
  if (!CfnResource.isCfnResource(cfn)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  const stack = Stack.of(construct);
  return `<${stack.resolve(stack.getLogicalId(cfn)) as string}.Arn>`;
}

/**
 * A resolved CloudFormation value the way cdk-nag writes it in an IAM5 finding: literals as they are,
 * `{Ref: X}` as `<X>`, `{Fn::GetAtt: [A, B]}` as `<A.B>`, joins concatenated.
 */
function nagString(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return `<${v.Ref}>`;
  if (Array.isArray(v['Fn::GetAtt'])) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if (Array.isArray(v['Fn::Join'])) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(nagString).join(sep);
  }
  throw new Error(`cannot name ${JSON.stringify(value)} as cdk-nag does`);
}

export function nagAcknowledgements(stack: FeishuBotStack): NagAcknowledgement[] {
  const runtimeReason =
    'Pinned to nodejs22.x on purpose: the esbuild target, the tests and the bundled AWS SDK are for Node 22, ' +
    'and the China regions receive new Lambda runtimes on their own schedule. Moving to a newer runtime is a ' +
    'reviewed change of the runtime constant, not an automatic one.';
  return [
    ...[stack.webhook, stack.worker, stack.tick, stack.aggregator].map((fn) => ({
      scope: fn,
      id: 'AwsSolutions-L1',
      reason: runtimeReason,
    })),
    {
      scope: stack.aggregator.role,
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams, added by the DynamoDB event source for the table stream that feeds the statistics ' +
        'aggregator: ListStreams is an account-level action that takes no resource ARN (Resource must be *). It ' +
        'returns stream ARNs only; reading a stream (DescribeStream, GetShardIterator, GetRecords) is granted on ' +
        'this table\'s stream alone.',
    },
    {
      scope: stack.ingress,
      id: 'AwsSolutions-APIG4',
      reason:
        'The two Feishu routes are called by Feishu, which can neither sign AWS requests nor obtain a JWT. The ' +
        'webhook authenticates every request itself before acting on it: the X-Lark-Signature over the raw body ' +
        '(constant-time compare, stale timestamps rejected), AES decryption with the encrypt key and the ' +
        'verification token, failing closed when a key is missing. A Lambda authorizer would duplicate that check ' +
        'and add a cold start to the 3-second acknowledgement path.',
    },
    {
      scope: stack.feishuVerificationSecret,
      id: 'AwsSolutions-SMG4',
      reason:
        'Holds the Feishu/Lark Encrypt Key and Verification Token, which are issued and changed in the Feishu ' +
        'developer console (Events & Callbacks, Encryption Strategy); Secrets Manager cannot rotate them. Rotation ' +
        'is an operator procedure documented in infra/README.md.',
    },
    {
      scope: stack.feishuCredentialsSecret,
      id: 'AwsSolutions-SMG4',
      reason:
        'Holds the Feishu/Lark App ID and App Secret, a third-party credential that only the Feishu developer ' +
        'console can reset (Credentials & Basic Info); no rotation Lambda can do that. Rotation is an operator ' +
        'procedure documented in infra/README.md.',
    },
    {
      scope: stack.failedJobs,
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination: the on-failure destination of the worker and tick ' +
        'functions and the dead-letter queue of the tick schedule. cdk-nag only recognises a queue as a DLQ when ' +
        'another queue\'s redrive policy points at it. It is encrypted and SSL-only.',
    },
    {
      scope: stack.worker.role,
      id: `AwsSolutions-IAM5[Resource::${arnRef(stack.evidence.bucket)}/cases/*]`,
      reason:
        'Object-level S3 permissions on the case prefix of the evidence bucket only: PutObject with ' +
        'PutObjectRetention (each object is written once, under its SHA-256, with an Object Lock the bucket policy ' +
        'requires), GetObject and GetObjectVersion (read back, re-hash, presigned view links). No delete. Keys are ' +
        'made per case and per file hash at run time, so they cannot be named in advance.',
    },
    {
      scope: stack.worker.role,
      id: `AwsSolutions-IAM5[Resource::${arnRef(stack.evidence.bucket)}/staging/*]`,
      reason:
        'Object-level S3 permissions on the staging prefix only, where a large upload lands before the server-side ' +
        'copy to its final key: the multipart upload (PutObject, AbortMultipartUpload), reading it as the copy ' +
        'source (GetObject, GetObjectVersion) and deleting it afterwards (DeleteObject, DeleteObjectVersion). ' +
        'Staging names are random per upload; nothing under the case prefix can be deleted.',
    },
    {
      scope: stack.reminders.deadLetters,
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: EventBridge Scheduler sends it the events of reminder ' +
        'schedules it could not deliver (Target.DeadLetterConfig, set by the scheduler adapter at run time). ' +
        'cdk-nag only recognises a queue as a DLQ when a redrive policy points at it. SSE-SQS, SSL-only, alarmed.',
    },
    ...(
      [
        [stack.worker, 'the worker (follow-ups of card actions and jobs that create, move or meet a deadline)'],
        [stack.tick, 'the tick (the daily reconciliation re-plans open deadlines)'],
      ] as const
    ).map(([fn, who]) => ({
      scope: fn.role,
      id: `AwsSolutions-IAM5[Resource::${nagString(stack.resolve(stack.reminders.schedulesArn))}]`,
      reason:
        `scheduler:CreateSchedule, UpdateSchedule and DeleteSchedule for ${who}, on the schedules of the reminder ` +
        'schedule group only. One schedule per reminder point is created at run time under a name derived from its ' +
        'deadline, so the schedule part of the ARN cannot be named in advance; the group part is fixed.',
    })),
    {
      scope: stack.tick.role,
      id: `AwsSolutions-IAM5[Resource::${arnRef(stack.site.bucket)}/*]`,
      reason:
        'Object-level S3 permissions (GetObject, PutObject, DeleteObject) on the public disclosure site bucket only: ' +
        'the publisher writes one page per published decision, replaces it with the withdrawal notice and deletes ' +
        'it when its publication period ends, so page keys are made at run time.',
    },
    {
      scope: stack.worker.role,
      id: `AwsSolutions-IAM5[Resource::${arnRef(stack.site.bucket)}/*]`,
      reason:
        'Object-level S3 permissions (GetObject, PutObject; no delete) on the public disclosure site bucket only: the ' +
        'lists\' and draws\' jobs write one page per published list version and per draw (and its verification file) ' +
        'and re-render the index, so page keys are made at run time.',
    },
    ...siteAcknowledgements(stack),
    {
      scope: stack.worker.role,
      id: `AwsSolutions-IAM5[Resource::${arnRef(stack.reports.bucket)}/exports/*]`,
      reason:
        'Object-level S3 permissions (PutObject, GetObject; no delete, no list) on the exports/ prefix of the ' +
        'reports bucket only. Export keys are made per period and export run at run time, so the object part ' +
        'of the ARN cannot be named in advance.',
    },
    {
      scope: stack,
      id: `AwsSolutions-IAM5[Resource::${arnRef(stack.tick.function)}:*]`,
      reason:
        'Generated by the EventBridge Scheduler LambdaInvoke target for the schedule\'s execution role: ' +
        'lambda:InvokeFunction on the tick function and its versions/aliases. The wildcard covers qualifiers of ' +
        'that single function only.',
    },
  ];
}

/** The public site is served differently by partition (infra/constructs/public-site.ts); so are its findings. */
function siteAcknowledgements(stack: FeishuBotStack): NagAcknowledgement[] {
  const { site } = stack;
  if (site.distribution) {
    return [
      {
        scope: site.distribution,
        id: 'AwsSolutions-CFR1',
        reason:
          'Public disclosure of enforcement decisions (国办发〔2018〕118号) is for everyone, wherever they read it: ' +
          'no geographic restriction. The site is static, redacted pages with no input and no server side.',
      },
      {
        scope: site.distribution,
        id: 'AwsSolutions-CFR2',
        reason:
          'Static, read-only pages from a private bucket through Origin Access Control: no forms, no scripts, no ' +
          'origin logic for a web ACL to protect; CloudFront caches every page. A WAF for CloudFront would have to ' +
          'live in us-east-1, a second stack and region for no rule that applies.',
      },
      {
        scope: site.distribution,
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution is served on its default *.cloudfront.net certificate, whose minimum protocol CloudFront ' +
          'fixes at TLSv1 (a minimum protocol version can be set only with a custom certificate, an ACM certificate ' +
          'in us-east-1). The content is public and read-only; HTTP is redirected to HTTPS.',
      },
    ];
  }
  const websiteReason =
    'China regions: CloudFront there has no Origin Access Control (the resource type does not exist in aws-cn), so ' +
    'the disclosure site is served by the S3 website endpoint, which needs anonymous s3:GetObject. Only this ' +
    "bucket, only reading objects, and it holds nothing but the publisher's redacted pages and feed; ACLs stay " +
    'blocked, the publisher alone writes. infra/README.md, "The public site".';
  return [
    { scope: site.bucket, id: 'AwsSolutions-S2', reason: `${websiteReason} Public policy is therefore not blocked on it.` },
    { scope: site.bucket, id: 'AwsSolutions-S5', reason: `${websiteReason} The open-world read policy is the point.` },
    {
      scope: site.bucket,
      id: 'AwsSolutions-S10',
      reason:
        'S3 website endpoints speak HTTP only, so a policy denying requests without TLS would deny every reader of ' +
        'the website endpoint. Writes come only from the tick role through the HTTPS REST endpoint (the SDK), and the ' +
        'same public pages are also readable over HTTPS at the REST endpoint. China regions only.',
    },
  ];
}

export function acknowledgeNagFindings(stack: FeishuBotStack): void {
  for (const { scope, id, reason } of nagAcknowledgements(stack)) {
    Validations.of(scope).acknowledge({ id, reason });
  }
}
