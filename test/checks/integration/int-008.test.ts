import int008 from '../../../checks/integration/int-008.js';
import { testCheck } from '../../helpers/check-tester.js';
import { LEGACY_TG, TASKS_TG, edit, legacy, modern, nlbInFrontOfAlb, withStatus, world } from './fixtures.js';

const unhealthy = (ip: string) => ({ targetId: ip, port: 8080, availabilityZone: 'us-east-1a', state: 'unhealthy', reason: 'Target.FailedHealthChecks' });

testCheck(int008, {
  pass: [world(modern()), world(legacy()), world(nlbInFrontOfAlb())],
  fail: [
    { snapshot: world(edit(modern, (r) => { r.targetGroups[0]!.targets = [unhealthy('10.1.0.10'), unhealthy('10.1.1.10')]; })), findings: [{ resource: TASKS_TG, messageId: 'noHealthy' }] },
    { snapshot: world(edit(modern, (r) => { r.targetGroups[0]!.targets = []; })), findings: [{ resource: TASKS_TG, messageId: 'noTargets' }] },
    // The ALB's group behind the NLB's alb-type group.
    { snapshot: world(edit(nlbInFrontOfAlb, (r) => { r.targetGroups[1]!.targets = [unhealthy('10.1.0.20')]; })), findings: [{ resource: LEGACY_TG, messageId: 'noHealthy' }] },
  ],
  notApplicable: [world(edit(modern, (r) => { r.restApis = []; r.vpcLinksV2 = []; }))],
  error: [world(edit(modern, (r) => { r.targetGroups[0]!.targets = undefined; })), withStatus(world(), 'elbv2', 'failed')],
});
