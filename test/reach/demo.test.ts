import { describe, expect, it } from 'vitest';
import { InventoryIndex } from '../../src/model/inventory-index.js';
import { reachability } from '../../src/reach/evaluate.js';
import { isOpen } from '../../src/report/model.js';
import { demoReport } from '../helpers/demo-report.js';

describe('reachability of the demo organization', () => {
  it('answers every private API, and never through an endpoint whose security group admits nothing on 443 (VPCE-001)', async () => {
    const report = await demoReport();
    const snapshot = report.snapshot!;
    const r = reachability(snapshot);
    const index = new InventoryIndex(snapshot);
    expect(r.apis.map((a) => a.apiArn).sort()).toEqual(index.privateApis().map((a) => a.arn).sort());

    const closed = new Set(report.findings.filter((f) => f.checkId === 'VPCE-001' && isOpen(f)).map((f) => f.resource.arn));
    const closedIds = new Set([...index.vpcEndpoints.values()].filter((e) => closed.has(e.arn)).map((e) => e.id));
    expect(closed.size).toBeGreaterThan(0);
    expect(closedIds.size).toBe(closed.size);
    const reached = r.apis.flatMap((a) => [
      ...a.reachableBy.flatMap((x) => x.endpointIds),
      ...a.intended.flatMap((i) => (i.result.status === 'reachable' ? i.result.endpointIds : [])),
    ]);
    expect(reached.filter((id) => closedIds.has(id))).toEqual([]);

    for (const a of r.apis) {
      for (const i of a.intended) {
        const { result } = i;
        if (result.status === 'unreachable') expect(result.broken, `${a.apiId} from ${i.clientId}`).toBeDefined();
        if (result.status === 'unknown') expect(result.unknown, `${a.apiId} from ${i.clientId}`).toBeDefined();
      }
      expect(a.unintended, a.apiArn).toEqual([]);
    }
    // The per-API reachers (found from the endpoints) and the per-client rows (found from the clients) agree.
    for (const a of r.apis) {
      const reachers = new Set(a.reachableBy.map((x) => x.clientId));
      for (const i of a.intended) if (i.result.status === 'reachable') expect(reachers.has(i.clientId), `${a.apiId} from ${i.clientId}`).toBe(true);
    }
    for (const a of r.apis) {
      for (const reacher of a.reachableBy) {
        expect(r.reachableFrom(reacher.clientId)?.results.find((x) => x.apiArn === a.apiArn)?.status, `${a.apiId} from ${reacher.clientId}`).toBe('reachable');
      }
    }
  });
});
