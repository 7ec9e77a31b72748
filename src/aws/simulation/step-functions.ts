import { Readable } from 'node:stream';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { HttpHandlerOptions, RequestHandler } from '@smithy/types';

/** One StartExecution the simulated Step Functions received. */
export interface StartedExecution {
  stateMachineArn: string;
  name: string;
  input: string;
  executionArn: string;
}

/**
 * Step Functions for the fan-out path of a simulated run: StartExecution is answered and recorded,
 * so a harness can then run the Map's workers and the aggregate step itself (as the deployed
 * state machine would); every other request goes to `next` (the simulated organization).
 */
export class SimulatedStepFunctions implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  readonly started: StartedExecution[] = [];

  constructor(private readonly next: RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>) {}

  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const target = String(request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '');
    if (!target.startsWith('AWSStepFunctions.')) return this.next.handle(request, options);
    const body = JSON.parse(textOf(request.body)) as { stateMachineArn?: string; name?: string; input?: string };
    if (target !== 'AWSStepFunctions.StartExecution' || !body.stateMachineArn) {
      return reply(400, { __type: 'com.amazonaws.sfn#InvalidArn', message: `the simulation answers StartExecution only (${target})` });
    }
    const name = body.name ?? `execution-${this.started.length + 1}`;
    const executionArn = `${body.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const earlier = this.started.find((e) => e.name === name && e.stateMachineArn === body.stateMachineArn);
    // As Step Functions does: the same name and input return the first execution; other input is refused.
    if (earlier && earlier.input !== (body.input ?? '')) return reply(400, { __type: 'com.amazonaws.sfn#ExecutionAlreadyExists', message: `Execution Already Exists: '${executionArn}'` });
    if (!earlier) this.started.push({ stateMachineArn: body.stateMachineArn, name, input: body.input ?? '', executionArn });
    return reply(200, { executionArn, startDate: Date.now() / 1000 });
  }
}

function textOf(body: unknown): string {
  if (body === undefined || body === null) return '{}';
  return typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array);
}

function reply(statusCode: number, body: unknown): { response: HttpResponse } {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  return { response: new HttpResponse({ statusCode, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'sim-sfn' }, body: Readable.from([bytes]) }) };
}
