import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { pathToFileURL } from 'node:url';
import { ConfigError, contextSettings, parseConfig, type PrivapiConfig } from './config.js';
import { PrivapiHubStack } from './hub-stack.js';
import { PrivapiMemberRoleStackSetStack } from './member-role.js';

export interface PrivapiApp {
  app: App;
  config: PrivapiConfig;
  hub: PrivapiHubStack;
  memberRole: PrivapiMemberRoleStackSetStack;
  nag: AwsSolutionsChecks;
}

/** Builds the app: both stacks, with cdk-nag's AWS Solutions pack validating every synth. */
export function buildApp(props: AppProps = {}, env: Record<string, string | undefined> = process.env): PrivapiApp {
  // Access logs are delivered under a bucket policy (not the legacy LogDeliveryWrite ACL), so the
  // log bucket can enforce bucket-owner object ownership.
  const app = new App({ ...props, context: { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true, ...props.context } });
  const config = parseConfig(contextSettings((k) => app.node.tryGetContext(k)), env);
  const hub = new PrivapiHubStack(app, 'PrivapiHubStack', {
    config,
    env: { account: config.hubAccount, region: config.hubRegion },
    description: 'privapi hub: scheduled audit of API Gateway private APIs across the organization',
  });
  const memberRole = new PrivapiMemberRoleStackSetStack(app, 'PrivapiMemberRoleStackSetStack', {
    config,
    env: { account: config.stackSetAccount ?? config.hubAccount, region: config.hubRegion },
    description: 'privapi member-account audit role, deployed to the organization by a service-managed StackSet',
  });
  memberRole.addStackDependency(hub, 'the member role trust policy names the hub function roles, which must exist first');
  const nag = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(nag);
  return { app, config, hub, memberRole, nag };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    buildApp().app.synth();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
