import { opsChecks } from '../../../checks/ops/index.js';
import { describeAnswerKey } from '../../helpers/answer-key.js';

describeAnswerKey('Operations, endpoint and authorization', opsChecks);
