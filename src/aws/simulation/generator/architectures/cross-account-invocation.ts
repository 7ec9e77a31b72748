import { cognitoAuthorizer, itemMethods } from '../apigateway/methods.js';
import { allowInvoke, policy, privateApiPolicy } from '../apigateway/policies.js';
import { createRestApi } from '../apigateway/rest-api.js';
import { SERVICE_NAMES } from './services.js';
import { unexpectedCheck, type ArchitectureSpec, type InstanceContext } from './types.js';

/**
 * Whitepaper, "Cross-account architecture": the API lives in a workload account and is invoked
 * through the network account's shared endpoint in the same region; the API's policy allows that
 * endpoint (or its VPC).
 */
export const crossAccountInvocation: ArchitectureSpec = {
  kind: 'cross-account-invocation',
  description: "a private API invoked through the network account's shared execute-api endpoint",
  workloadAccounts: 1,
  multiRegion: false,
  privateDns: false,
  variants: {
    correct: { breaks: [], description: 'the policy allows the shared endpoint by aws:SourceVpce' },
    'source-vpc-condition': { breaks: [], description: "the policy allows the hub VPC by aws:SourceVpc" },
    // An execute-api endpoint only serves APIs of its own region.
    'other-region-endpoint': {
      breaks: ['VPCE-007'],
      description: "the policy also allows the network account's endpoint in another region",
      reach: { status: 'unreachable', hop: 'endpoint' },
    },
  },
  build,
};

function build(ctx: InstanceContext): void {
  const { b, account, region } = ctx;
  const hub = ctx.hub(region);
  const service = b.serviceName(account, b.rng.pick(SERVICE_NAMES));
  const allowed = [hub.sharedEndpoint.id];
  const elsewhere = ctx.is('other-region-endpoint') ? ctx.hub(ctx.otherRegion(region)) : undefined;
  if (elsewhere) allowed.push(elsewhere.sharedEndpoint.id);
  // Teams pick IAM or Cognito; both are valid authorization.
  const authorizer = b.rng.chance(0.5) ? cognitoAuthorizer(b, account, region) : undefined;
  const api = createRestApi(b, account, region, {
    name: service,
    type: 'PRIVATE',
    policy: (arn) =>
      ctx.is('source-vpc-condition')
        ? policy(allowInvoke(`${arn}/*`), {
            Effect: 'Deny',
            Principal: '*',
            Action: 'execute-api:Invoke',
            Resource: `${arn}/*`,
            Condition: { StringNotEquals: { 'aws:SourceVpc': hub.hubVpc.id } },
          })
        : privateApiPolicy(arn, allowed),
    methods: itemMethods(account, region, service, authorizer ? 'COGNITO_USER_POOLS' : 'AWS_IAM', authorizer?.id),
    authorizers: authorizer ? [authorizer] : [],
  });
  if (elsewhere) ctx.expectReach(api, [elsewhere.hubVpc.id], [hub.hubVpc.id]);
  else ctx.expectReach(api, [hub.hubVpc.id]);
  ctx.expectBreaks((checkId) => (checkId === 'VPCE-007' ? { accountId: account, region, resource: api.arn } : unexpectedCheck(crossAccountInvocation.kind, checkId)));
}
