import { dnsChecks } from '../../../checks/dns/index.js';
import { describeAnswerKey } from '../../helpers/answer-key.js';

describeAnswerKey('Load balancers, Route 53 and Resolver', dnsChecks);
