import { integrationChecks } from '../../../checks/integration/index.js';
import { describeAnswerKey } from '../../helpers/answer-key.js';

describeAnswerKey('Private integration', integrationChecks);
