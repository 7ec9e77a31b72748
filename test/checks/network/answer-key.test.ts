import { networkChecks } from '../../../checks/network/index.js';
import { describeAnswerKey } from '../../helpers/answer-key.js';

describeAnswerKey('Endpoint network and DNS', networkChecks);
