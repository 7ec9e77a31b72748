import { domainChecks } from '../../../checks/domains/index.js';
import { describeAnswerKey } from '../../helpers/answer-key.js';

describeAnswerKey('Custom domains, endpoint policies, multi-Region', domainChecks);
