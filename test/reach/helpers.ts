import { expect } from 'vitest';
import type { RestApi } from '../../src/model/inventory.js';
import type { ApiReach, ClientResult, HopId, Reachability, Reacher, ReachStatus } from '../../src/reach/model.js';
import { restApi } from '../checks/network/fixtures.js';

/** A private API whose methods, stages and authorizers were read (none of them a private integration). */
export const api = (overrides: Partial<RestApi> = {}): RestApi => restApi('a1', { resources: [], stages: [], authorizers: [], ...overrides });

export function onlyApi(r: Reachability): ApiReach {
  expect(r.apis).toHaveLength(1);
  return r.apis[0]!;
}

/** The result of one client for the only API of the snapshot. */
export function resultFor(r: Reachability, clientId: string): ClientResult {
  const view = r.reachableFrom(clientId);
  expect(view, `client ${clientId} in ${r.clients.map((c) => c.id).join(', ')}`).toBeDefined();
  expect(view!.results).toHaveLength(1);
  return view!.results[0]!;
}

export function intendedResult(r: Reachability, clientId: string): ClientResult {
  const found = onlyApi(r).intended.find((i) => i.clientId === clientId);
  expect(found, `${clientId} among intended ${onlyApi(r).intended.map((i) => i.clientId).join(', ')}`).toBeDefined();
  return found!.result;
}

/** One intended client as the architecture tests write it out: names as "kind name", sorted, so the order the engine finds them in does not matter. */
export interface Cell {
  clientId: string;
  intendedBy: string[];
  status: ReachStatus;
  broken?: { hop: HopId; arn: string };
  unknown?: { hop: HopId; missing: string };
  names: string[];
  endpointIds: string[];
  needsHostHeader: boolean;
}

export interface Row {
  intended: Cell[];
  reachableBy: Reacher[];
  unintended: Reacher[];
}

export function cellOf(result: ClientResult, intendedBy: string[] = []): Cell {
  return {
    clientId: result.clientId,
    intendedBy: [...intendedBy].sort(),
    status: result.status,
    ...(result.broken && { broken: { hop: result.broken.hop, arn: result.broken.arn } }),
    ...(result.unknown && { unknown: { hop: result.unknown.hop, missing: result.unknown.missing } }),
    names: result.dnsNames.map((n) => `${n.kind} ${n.name}`).sort(),
    endpointIds: [...result.endpointIds].sort(),
    needsHostHeader: result.needsHostHeader,
  };
}

/** The reachability matrix by API id, intended clients sorted by id. */
export function matrix(r: Reachability): Record<string, Row> {
  return Object.fromEntries(
    r.apis.map((a) => [
      a.apiId,
      { intended: a.intended.map((i) => cellOf(i.result, i.intendedBy)).sort((x, y) => (x.clientId < y.clientId ? -1 : 1)), reachableBy: a.reachableBy, unintended: a.unintended },
    ]),
  );
}

/** One client's result for one API, from the client's view (whether or not the API intends it). */
export function resultOf(r: Reachability, clientId: string, apiId: string): ClientResult {
  const found = r.reachableFrom(clientId)?.results.find((x) => x.apiArn === r.apis.find((a) => a.apiId === apiId)?.apiArn);
  expect(found, `${clientId} → ${apiId}`).toBeDefined();
  return found!;
}
