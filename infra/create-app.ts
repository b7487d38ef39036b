/**
 * Builds the CDK app: used by `infra/app.ts` (the CLI entry) and by the infra tests, so both
 * synthesise exactly the same thing from the same context.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeployConfig, type DeployConfig } from './config.ts';
import { acknowledgeNagFindings } from './nag.ts';
import { FeishuBotStack } from './stack.ts';

export interface CreatedApp {
  app: App;
  stack: FeishuBotStack;
  config: DeployConfig;
}

export function createApp(props: AppProps = {}, env: NodeJS.ProcessEnv = process.env): CreatedApp {
  const app = new App(props);
  const config = readDeployConfig(app.node, env);
  const stack = new FeishuBotStack(app, config.stackName, {
    config,
    env: { region: config.region, account: config.account },
    description: 'Feishu chat-ops bot for administrative law enforcement (行政执法三项制度)',
  });
  // cdk-nag 3.x: a policy-validation plugin; any unacknowledged finding fails the synth. The accepted
  // findings (infra/nag.ts, each with its reason) are attached here, so the stack does not import nag.
  acknowledgeNagFindings(stack);
  if (config.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, config };
}
