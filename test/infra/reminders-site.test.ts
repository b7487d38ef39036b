/**
 * Reminder scheduling and the public disclosure site, asserted on the synthesised template: the
 * schedule group, the Scheduler's execution role (trust, invoke the target only, the DLQ), the
 * dead-letter queue and its alarm, who may manage schedules; the site bucket and its CloudFront
 * distribution with Origin Access Control in a global region, and the S3 website endpoint in the
 * China regions, where CloudFront has no Origin Access Control.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../functions/adapters/site/files.ts';
import { ConfigError, DEFAULTS } from '../../infra/config.ts';
import { fixedFunctionName, REPO_ROOT } from '../../infra/constructs/app-function.ts';
import { DIRECTORY_INDEX_CODE } from '../../infra/constructs/directory-index.ts';
import { PublicSite } from '../../infra/constructs/public-site.ts';
import type { FeishuBotStack } from '../../infra/stack.ts';
import { actionsOf, buildApp, logicalId, mentions, removeAssemblies, statementsOfRole } from './helpers.ts';

afterAll(removeAssemblies);

interface Built {
  stack: FeishuBotStack;
  template: Template;
  assemblyDir: string;
}

const built = new Map<string, Built>();
function synth(region: string, context: Record<string, unknown> = {}): Built {
  const key = JSON.stringify({ region, context });
  let b = built.get(key);
  if (!b) {
    const { app, stack } = buildApp({ bundle: false, context: { region, ...context } });
    const assembly = app.synth();
    b = { stack, template: Template.fromStack(stack), assemblyDir: assembly.directory };
    built.set(key, b);
  }
  return b;
}

// Every synth this file reads, up front: the first synth of a process is slow on a loaded 2-core
// machine (see stack.test.ts). Room for that, not a timing assertion.
beforeAll(() => {
  for (const region of [DEFAULTS.region, 'cn-north-1', 'cn-northwest-1']) synth(region);
  for (const region of ['cn-north-1', 'cn-northwest-1']) synth(region, { siteDomainName: 'GongKai.Example.gov.cn' });
}, 240_000);

const role = (x: { role: unknown }) => logicalId(x.role as never);
const arnOf = (x: unknown) => ({ 'Fn::GetAtt': [logicalId(x as never), 'Arn'] });
const outputs = (t: Template) => t.toJSON().Outputs as Record<string, { Value: unknown }>;

describe.each([DEFAULTS.region, 'cn-north-1'])('Reminder scheduling in %s', (region) => {
  const partition = region.startsWith('cn-') ? 'aws-cn' : 'aws';

  it('has one schedule group for the reminders, named at synth time', () => {
    const { template, stack } = synth(region);
    const groups = template.findResources('AWS::Scheduler::ScheduleGroup');
    expect(Object.keys(groups)).toEqual([logicalId(stack.reminders.group)]);
    expect(groups[logicalId(stack.reminders.group)]?.Properties.Name).toMatch(/^[0-9A-Za-z._-]{1,64}$/);
  });

  it('gives the Scheduler a role only it may assume, for this group in this account', () => {
    const { template, stack } = synth(region);
    const r = template.findResources('AWS::IAM::Role')[role(stack.reminders)];
    expect(r?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': arnOf(stack.reminders.group) },
        },
      },
    ]);
  });

  it('lets that role invoke the tick function (unqualified) and send to the dead-letter queue, nothing else', () => {
    const { template, stack } = synth(region);
    const statements = statementsOfRole(template, role(stack.reminders));
    expect(statements).toHaveLength(2);
    const tickName = fixedFunctionName(stack.stackName, 'Tick');
    expect(template.findResources('AWS::Lambda::Function')[logicalId(stack.tick.function)]?.Properties.FunctionName).toBe(tickName);
    const invoke = statements.find((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
    expect(actionsOf([invoke!])).toEqual(['lambda:InvokeFunction']);
    // The tick's ARN written out from its fixed name: exactly that function, no `:*`.
    expect(stack.resolve(invoke!.Resource)).toEqual({
      'Fn::Join': ['', [`arn:${partition}:lambda:${region}:`, { Ref: 'AWS::AccountId' }, `:function:${tickName}`]],
    });
    const send = statements.find((s) => actionsOf([s]).includes('sqs:SendMessage'));
    expect(actionsOf([send!])).toEqual(['sqs:SendMessage']);
    expect(send!.Resource).toEqual(arnOf(stack.reminders.deadLetters));
    // Both functions are told the same target.
    const fns = template.findResources('AWS::Lambda::Function');
    for (const fn of [stack.worker, stack.tick]) {
      expect(stack.resolve(fns[logicalId(fn.function)]?.Properties.Environment.Variables.REMINDER_TARGET_ARN)).toEqual(
        stack.resolve(invoke!.Resource),
      );
    }
  });

  it('has an encrypted, TLS-only standard dead-letter queue, alarmed like FailedJobs', () => {
    const { template, stack } = synth(region);
    const q = template.findResources('AWS::SQS::Queue')[logicalId(stack.reminders.deadLetters)];
    expect(q?.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    expect(q?.Properties.FifoQueue).toBeUndefined();
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(stack.reminders.deadLetters) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    const topicId = logicalId(stack.failedJobsAlarm.topic);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.reminders.deadLetters), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
    });
    // The topic lets this alarm publish too (each alarm by its own ARN).
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Condition: Match.objectLike({ ArnEquals: { 'aws:SourceArn': arnOf(stack.remindersAlarm) } }) }),
        ]),
      },
    });
    expect(outputs(template).ReminderDeadLetterQueueUrl?.Value).toEqual({ Ref: logicalId(stack.reminders.deadLetters) });
  });

  it('lets the worker and the tick manage schedules of the group only, and pass the Scheduler its role only', () => {
    const { template, stack } = synth(region);
    const groupName = template.findResources('AWS::Scheduler::ScheduleGroup')[logicalId(stack.reminders.group)]?.Properties.Name as string;
    for (const fn of [stack.worker, stack.tick]) {
      const st = statementsOfRole(template, role(fn));
      const sched = st.filter((s) => actionsOf([s]).some((a) => a.startsWith('scheduler:')));
      expect(sched).toHaveLength(1);
      expect(actionsOf(sched).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:UpdateSchedule']);
      expect(stack.resolve(sched[0]!.Resource)).toEqual({
        'Fn::Join': ['', [`arn:${partition}:scheduler:${region}:`, { Ref: 'AWS::AccountId' }, `:schedule/${groupName}/*`]],
      });
      const pass = st.filter((s) => actionsOf([s]).includes('iam:PassRole'));
      expect(pass).toEqual([
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: arnOf(stack.reminders.role),
          Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        },
      ]);
    }
    // The webhook never calls the Scheduler (no Scheduler call on the acknowledgement path).
    const webhook = actionsOf(statementsOfRole(template, role(stack.webhook)));
    expect(webhook.filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole')).toEqual([]);
    expect(outputs(template).ReminderScheduleGroup?.Value).toBe(groupName);
  });
});

describe(`The public site in ${DEFAULTS.region} (CloudFront + Origin Access Control)`, () => {
  const region = DEFAULTS.region;

  it('keeps the bucket private: all public access blocked, TLS only, SSE-S3, access-logged, retained', () => {
    const { template, stack } = synth(region);
    const bucketId = logicalId(stack.site.bucket);
    const b = template.findResources('AWS::S3::Bucket')[bucketId];
    expect(b?.DeletionPolicy).toBe('Retain');
    expect(b?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stack.site.logBucket) }, LogFilePrefix: 's3/' },
    });
    expect(b?.Properties.WebsiteConfiguration).toBeUndefined();
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }));
    const statements = policy?.Properties.PolicyDocument.Statement as { Effect: string; Principal: unknown; Action: unknown; Condition?: unknown }[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Reads only by CloudFront, only for this distribution.
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    ]);
    expect(JSON.stringify(allows[0]!.Condition)).toContain(logicalId(stack.site.distribution!));
  });

  it('serves it through CloudFront: OAC (SigV4, always), index.html at the root, HTTPS only, GET/HEAD, logs, security headers', () => {
    const { template, stack } = synth(region);
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const d = template.findResources('AWS::CloudFront::Distribution')[logicalId(stack.site.distribution!)]?.Properties.DistributionConfig;
    expect(d).toMatchObject({
      DefaultRootObject: 'index.html',
      Enabled: true,
      Logging: { Bucket: { 'Fn::GetAtt': [logicalId(stack.site.logBucket), 'RegionalDomainName'] }, Prefix: 'cloudfront/' },
      DefaultCacheBehavior: {
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        Compress: true,
        // The managed CachingOptimized policy: honours the objects' Cache-Control.
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      },
      CustomErrorResponses: [{ ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 60 }],
    });
    expect(d.Origins).toHaveLength(1);
    expect(d.Origins[0]).toMatchObject({
      DomainName: { 'Fn::GetAtt': [logicalId(stack.site.bucket), 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [expect.stringContaining('OriginAccessControl'), 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
    const oacId = d.Origins[0].OriginAccessControlId['Fn::GetAtt'][0] as string;
    expect(template.findResources('AWS::CloudFront::OriginAccessControl')[oacId]).toBeDefined();
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: SECURITY_HEADERS['content-security-policy'], Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        }),
      },
    });
    expect(outputs(template).PublicSiteUrl?.Value).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.site.distribution!), 'DomainName'] }, '/']],
    });
  });

  it('serves folder URLs (statistics/<year>/, draws/) as their index.html with a viewer-request CloudFront Function on the default behaviour', () => {
    const { template, stack } = synth(region);
    const fns = template.findResources('AWS::CloudFront::Function');
    expect(Object.keys(fns)).toHaveLength(1);
    const [fnId, fn] = Object.entries(fns)[0]!;
    expect(fn.Properties).toMatchObject({ AutoPublish: true, FunctionCode: DIRECTORY_INDEX_CODE, FunctionConfig: { Runtime: 'cloudfront-js-2.0' } });
    const d = template.findResources('AWS::CloudFront::Distribution')[logicalId(stack.site.distribution!)]?.Properties.DistributionConfig;
    expect(d.DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fnId, 'FunctionARN'] } }]);
    expect(d.CacheBehaviors).toBeUndefined();
  });

  it('the deployed function code: a folder gets index.html, an extensionless path is redirected to its folder, a file passes', () => {
    const handler = new Function(`${DIRECTORY_INDEX_CODE}; return handler;`)() as (e: { request: { uri: string } }) => unknown;
    const run = (uri: string) => handler({ request: { uri } });
    expect(run('/statistics/2025/')).toEqual({ uri: '/statistics/2025/index.html' });
    expect(run('/draws/')).toEqual({ uri: '/draws/index.html' });
    expect(run('/')).toEqual({ uri: '/index.html' });
    expect(run('/statistics/2025')).toEqual({ statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/statistics/2025/' } } });
    for (const uri of ['/index.html', '/feed.json', '/decisions/a-1.html', '/lists/matters-v2.html', '/draws/D1.json', '/statistics/index.json']) expect(run(uri)).toEqual({ uri });
  });

  it('lets the tick publish (read, write, delete pages) and the worker write the lists and draws (never delete); the webhook nothing', () => {
    const { template, stack } = synth(region);
    const bucketId = logicalId(stack.site.bucket);
    expect(statementsOfRole(template, role(stack.webhook)).some((s) => mentions(s, bucketId))).toBe(false);
    const grantsOf = (fn: { role: unknown }) =>
      statementsOfRole(template, role(fn))
        .filter((s) => mentions(s, bucketId))
        .flatMap((s) => actionsOf([s]).map((a) => `${a} ${JSON.stringify(s.Resource)}`))
        .sort();
    const objects = JSON.stringify({ 'Fn::Join': ['', [arnOf(stack.site.bucket), '/*']] });
    // ListBucket: a missing file reads as 404 (NoSuchKey), not 403.
    const list = `s3:ListBucket ${JSON.stringify(arnOf(stack.site.bucket))}`;
    expect(grantsOf(stack.tick)).toEqual([`s3:DeleteObject ${objects}`, `s3:GetObject ${objects}`, list, `s3:PutObject ${objects}`].sort());
    // A published list version or draw is never taken down by the worker.
    expect(grantsOf(stack.worker)).toEqual([`s3:GetObject ${objects}`, list, `s3:PutObject ${objects}`].sort());
  });
});

describe.each(['cn-north-1', 'cn-northwest-1'])('The public site in %s (S3 website endpoint)', (region) => {
  it('has no CloudFront at all', () => {
    const { template, stack } = synth(region);
    expect(stack.site.distribution).toBeUndefined();
    for (const type of ['AWS::CloudFront::Distribution', 'AWS::CloudFront::OriginAccessControl', 'AWS::CloudFront::ResponseHeadersPolicy', 'AWS::CloudFront::Function']) {
      template.resourceCountIs(type, 0);
    }
  });

  it('makes the site bucket a website readable by anyone, objects only; ACLs stay blocked', () => {
    const { template, stack } = synth(region);
    const bucketId = logicalId(stack.site.bucket);
    const b = template.findResources('AWS::S3::Bucket')[bucketId];
    expect(b?.Properties).toMatchObject({
      WebsiteConfiguration: { IndexDocument: 'index.html' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }));
    expect(policy?.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'PublicReadOfTheDisclosureSite',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [arnOf(stack.site.bucket), '/*']] },
      },
    ]);
    // The only bucket anyone outside the account may read: every other one blocks all public access.
    for (const [id, other] of Object.entries(template.findResources('AWS::S3::Bucket'))) {
      if (id === bucketId) continue;
      expect(other.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    const url = JSON.stringify(outputs(template).PublicSiteUrl?.Value);
    expect(url).toContain('WebsiteURL');
  });

  it('names the bucket after an ICP-filed domain when one is given, and points the output at it', () => {
    const { template, stack } = synth(region, { siteDomainName: 'GongKai.Example.gov.cn' });
    expect(template.findResources('AWS::S3::Bucket')[logicalId(stack.site.bucket)]?.Properties.BucketName).toBe('gongkai.example.gov.cn');
    expect(outputs(template).PublicSiteUrl?.Value).toBe('http://gongkai.example.gov.cn/');
  });
});

describe('Context officeChatId', () => {
  it('gives the worker the office group for draw commitments and results, and refuses what is not a chat_id', () => {
    const { stack } = buildApp({ bundle: false, context: { officeChatId: 'oc_a1b2c3' } });
    const template = Template.fromStack(stack);
    const env = template.findResources('AWS::Lambda::Function')[logicalId(stack.worker.function)]?.Properties.Environment.Variables;
    expect(env.OFFICE_CHAT_ID).toBe('oc_a1b2c3');
    const tick = template.findResources('AWS::Lambda::Function')[logicalId(stack.tick.function)]?.Properties.Environment.Variables;
    expect(tick.OFFICE_CHAT_ID).toBeUndefined();
    expect(() => buildApp({ bundle: false, context: { officeChatId: 'ou_person' } })).toThrow(ConfigError);
  });
});

describe('Context siteDomainName', () => {
  it('is refused outside the China regions and when it is not a bucket-sized host name', () => {
    expect(() => buildApp({ bundle: false, context: { siteDomainName: 'gongkai.example.com' } })).toThrow(ConfigError);
    for (const bad of ['not a domain', 'x', `${'a'.repeat(60)}.gov.cn`]) {
      expect(() => buildApp({ bundle: false, context: { region: 'cn-north-1', siteDomainName: bad } }), bad).toThrow(ConfigError);
    }
  });
});

describe('What the China partition lacks (CDK checks each resource type against the region’s CloudFormation registry)', () => {
  // cdk.json turns that check's findings into synth errors ("@aws-cdk/core:validateAgainstDefaultRules").
  const context = (JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

  it('refuses CloudFront Origin Access Control in cn-north-1 at synth: the resource type does not exist there', () => {
    expect(context['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
    const outdir = mkdtempSync(join(tmpdir(), 'oac-probe-'));
    try {
      const app = new App({ outdir, context });
      new PublicSite(new Stack(app, 'OacProbe', { env: { region: 'cn-north-1' } }), 'Site', { china: false });
      expect(() => app.synth()).toThrow(/Resource type 'AWS::CloudFront::OriginAccessControl' does not exist in 'cn-north-1'/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it.each(['cn-north-1', 'cn-northwest-1', DEFAULTS.region])('synthesises the whole stack for %s under the same check', (region) => {
    expect(() => synth(region)).not.toThrow();
  });
});

describe('Function: fixedFunctionName', () => {
  it('is <stack>-<id> within Lambda’s 64 characters, unique for long stack names', () => {
    expect(fixedFunctionName('FeishuEnforcementBot', 'Tick')).toBe('FeishuEnforcementBot-Tick');
    const long = `A${'b'.repeat(100)}`;
    const a = fixedFunctionName(long, 'Tick');
    const b = fixedFunctionName(`${long}c`, 'Tick');
    expect(a).toHaveLength(64);
    expect(a).toMatch(/^[A-Za-z0-9-]+-Tick$/);
    expect(a).not.toBe(b);
    expect(fixedFunctionName(long, 'Tick')).toBe(a);
  });
});
