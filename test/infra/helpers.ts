/** Shared by the infra tests: synthesise the app the way `cdk synth` does, from cdk.json's context. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { type CreatedApp, createApp } from '../../infra/create-app.ts';
import { REPO_ROOT } from '../../infra/constructs/app-function.ts';

const CDK_JSON_CONTEXT = (JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> })
  .context;

export interface SynthOptions {
  /** Extra context, as with `cdk synth -c key=value`. */
  context?: Record<string, unknown>;
  /** false skips esbuild (CDK's own `aws:cdk:bundling-stacks` switch) for tests that only read the template. */
  bundle?: boolean;
  /** Register the cdk-nag plugin on the app (as `cdk synth` does). */
  nag?: boolean;
}

const outdirs: string[] = [];

/** Removes the cloud assemblies written by `buildApp` (call from `afterAll`). */
export function removeAssemblies(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Builds the app with cdk.json's context plus `context`, and an empty process env (no account leaks
 * in). The assembly goes to a fresh temporary directory that `removeAssemblies` deletes.
 */
export function buildApp(opts: SynthOptions = {}): CreatedApp {
  const outdir = mkdtempSync(join(tmpdir(), 'feishu-bot-cdk-'));
  outdirs.push(outdir);
  return createApp(
    {
      outdir,
      context: {
        ...CDK_JSON_CONTEXT,
        nag: opts.nag ?? false,
        ...(opts.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
        ...opts.context,
      },
    },
    {},
  );
}

export function logicalId(construct: IConstruct): string {
  const cfn = CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild;
  if (!CfnResource.isCfnResource(cfn)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  const stack = Stack.of(cfn);
  return stack.resolve(stack.getLogicalId(cfn)) as string;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** Every identity-policy statement attached (inline or as AWS::IAM::Policy) to the role. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const out: Statement[] = [];
  for (const res of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const roles = (res.Properties?.Roles ?? []) as unknown[];
    if (roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId }))) {
      out.push(...(res.Properties.PolicyDocument.Statement as Statement[]));
    }
  }
  const role = template.findResources('AWS::IAM::Role')[roleLogicalId];
  for (const p of (role?.Properties?.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]) {
    out.push(...p.PolicyDocument.Statement);
  }
  return out;
}

export function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap((s) => asArray(s.Action));
}

/** True when the statement's resources mention the resource with this logical id. */
export function mentions(statement: Statement, resourceLogicalId: string): boolean {
  const json = JSON.stringify(statement.Resource);
  return json.includes(`"${resourceLogicalId}"`);
}
