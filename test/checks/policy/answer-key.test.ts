import { policyChecks } from '../../../checks/policy/index.js';
import { describeAnswerKey } from '../../helpers/answer-key.js';

describeAnswerKey('Resource policy', policyChecks);
