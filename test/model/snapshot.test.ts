import { describe, expect, it } from 'vitest';
import { emptyRegional } from '../../src/model/inventory.js';
import { SnapshotError, formatPath, parseSnapshot, parseSnapshotText, serializeSnapshot } from '../../src/model/snapshot.js';
import { ACCOUNT_A, snapshotWith } from '../helpers/snapshot-builder.js';

function withApi(): ReturnType<typeof snapshotWith> {
  const region = emptyRegional(ACCOUNT_A, 'us-east-1');
  region.restApis.push({
    accountId: ACCOUNT_A,
    region: 'us-east-1',
    arn: 'arn:aws:apigateway:us-east-1::/restapis/a1',
    id: 'a1',
    name: 'orders',
    policy: '{"Version":"2012-10-17","Statement":[]}',
    endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] },
    disableExecuteApiEndpoint: false,
    tags: {},
    resources: [{ id: 'r1', path: '/', methods: [{ httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false }] }],
  });
  return snapshotWith([region]);
}

describe('snapshot round trip', () => {
  it('serializes and parses back to the same value', () => {
    const snapshot = withApi();
    expect(parseSnapshotText(serializeSnapshot(snapshot))).toEqual(snapshot);
  });

  it('keeps "not collected" (undefined) distinct from "none" ([]) across the round trip', () => {
    const snapshot = withApi();
    const back = parseSnapshotText(serializeSnapshot(snapshot));
    expect(back.regional[0]!.restApis[0]!.stages).toBeUndefined();
    expect(back.regional[0]!.restApis[0]!.resources).toHaveLength(1);
  });
});

describe('snapshot validation', () => {
  it('names the exact path of every invalid field', () => {
    const bad = JSON.parse(serializeSnapshot(withApi()));
    bad.regional[0].restApis[0].endpointConfiguration.types = 'PRIVATE';
    bad.accounts[0].id = '12';
    delete bad.regional[0].restApis[0].name;
    let error: SnapshotError | undefined;
    try {
      parseSnapshot(bad, 'snap.json');
    } catch (err) {
      error = err as SnapshotError;
    }
    expect(error).toBeInstanceOf(SnapshotError);
    const paths = error!.issues.map((i) => i.path).sort();
    expect(paths).toEqual(['accounts[0].id', 'regional[0].restApis[0].endpointConfiguration.types', 'regional[0].restApis[0].name']);
    expect(error!.message).toContain('snap.json');
    expect(error!.message).toContain('regional[0].restApis[0].name');
  });

  it('reports malformed JSON as an error, not a crash', () => {
    expect(() => parseSnapshotText('{"schemaVersion": 1,', 'broken.json')).toThrow(/broken.json.*not JSON/s);
  });

  it('rejects a snapshot of another schema version', () => {
    const bad = { ...withApi(), schemaVersion: 99 };
    expect(() => parseSnapshot(bad)).toThrow(/schemaVersion/);
  });

  it('formats paths with array indexes', () => {
    expect(formatPath(['regional', 3, 'vpcs', 0, 'id'])).toBe('regional[3].vpcs[0].id');
    expect(formatPath([])).toBe('');
  });
});
