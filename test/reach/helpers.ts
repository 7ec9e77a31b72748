import { expect } from 'vitest';
import type { RestApi } from '../../src/model/inventory.js';
import type { ApiReach, ClientResult, Reachability } from '../../src/reach/model.js';
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
