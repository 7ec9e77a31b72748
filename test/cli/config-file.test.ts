import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, locatedMutelist, type LoadedConfig } from '../../src/cli/config-file.js';
import { UsageError } from '../../src/cli/errors.js';

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'privapi-config-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** The error's lines (the summary, then one per problem), so tests assert where each problem is. */
async function problems(options: { path?: string; cwd: string }): Promise<string[]> {
  const error = await loadConfig(options).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect(error).toBeInstanceOf(UsageError);
  return (error as ConfigError).message.split('\n');
}

const YAML_CONFIG = `# accepted risks
mutelist:
  - check: POLICY-002
    regions: [eu-west-1, global]
    reason: one VPC endpoint shared by every team, by design
    owner: platform-team
    expires: 2026-12-31
  - check: DNS-*
    accounts: ["012345678901"]
    tags: { env: "dev*" }
    reason: dev zones
    owner: dns-team
    expires: 2027-01-31
`;

const JSON_CONFIG = `{
  "$schema": "./privapi.schema.json",
  "mutelist": [
    {
      "check": "POLICY-*",
      "resource": "arn:aws:apigateway:eu-west-1::/restapis/*",
      "reason": "migration",
      "owner": "api-team",
      "expires": "2026-09-30"
    }
  ]
}
`;

describe('loadConfig: discovery', () => {
  it('GIVEN no config file WHEN loading THEN the config is empty', async () => {
    const cwd = await dirWith({});
    expect(await loadConfig({ cwd })).toEqual({ config: {} });
  });

  it.each(['privapi.config.json', 'privapi.config.yaml', 'privapi.config.yml'])('GIVEN only %s WHEN loading THEN it is found', async (name) => {
    const cwd = await dirWith({ [name]: name.endsWith('.json') ? JSON_CONFIG : YAML_CONFIG });
    const loaded = await loadConfig({ cwd });
    expect(loaded.path).toBe(name);
    expect(loaded.config.mutelist?.length).toBeGreaterThan(0);
  });

  it('GIVEN two config files WHEN loading THEN the error names both', async () => {
    const cwd = await dirWith({ 'privapi.config.json': JSON_CONFIG, 'privapi.config.yml': YAML_CONFIG });
    expect(await problems({ cwd })).toEqual([`found 2 config files in ${cwd}: privapi.config.json, privapi.config.yml; keep only one`]);
  });

  it('GIVEN a directory named like a config file WHEN discovering THEN it is not a config file', async () => {
    const cwd = await dirWith({});
    await mkdir(join(cwd, 'privapi.config.json'));
    expect(await loadConfig({ cwd })).toEqual({ config: {} });
  });

  it('GIVEN an explicit path WHEN loading THEN that file is read, relative to cwd, whatever its name', async () => {
    const cwd = await dirWith({ 'audit.yaml': YAML_CONFIG, 'privapi.config.json': JSON_CONFIG, 'privapi.config.yml': YAML_CONFIG });
    const loaded = await loadConfig({ cwd, path: 'audit.yaml' });
    expect(loaded.path).toBe('audit.yaml');
    expect(loaded.config.mutelist?.map((e) => e.check)).toEqual(['POLICY-002', 'DNS-*']);
  });

  it('GIVEN an explicit path that does not exist WHEN loading THEN it fails naming it', async () => {
    const cwd = await dirWith({ 'privapi.config.yaml': YAML_CONFIG });
    expect(await problems({ cwd, path: 'missing.yaml' })).toEqual(['config file not found: missing.yaml']);
  });
});

describe('loadConfig: content', () => {
  it('GIVEN a YAML config WHEN loading THEN entries are parsed, dates and quoted account ids kept as strings', async () => {
    const cwd = await dirWith({ 'privapi.config.yaml': YAML_CONFIG });
    const { config } = await loadConfig({ cwd });
    expect(config.mutelist).toEqual([
      { check: 'POLICY-002', regions: ['eu-west-1', 'global'], reason: 'one VPC endpoint shared by every team, by design', owner: 'platform-team', expires: '2026-12-31' },
      { check: 'DNS-*', accounts: ['012345678901'], tags: { env: 'dev*' }, reason: 'dev zones', owner: 'dns-team', expires: '2027-01-31' },
    ]);
  });

  it('GIVEN a JSON config WHEN loading THEN it is parsed', async () => {
    const cwd = await dirWith({ 'privapi.config.json': JSON_CONFIG });
    const { config } = await loadConfig({ cwd });
    expect(config.$schema).toBe('./privapi.schema.json');
    expect(config.mutelist?.[0]?.resource).toBe('arn:aws:apigateway:eu-west-1::/restapis/*');
  });

  it('GIVEN a file of comments only WHEN loading THEN the config is empty', async () => {
    const cwd = await dirWith({ 'privapi.config.yaml': '# nothing accepted yet\n' });
    expect((await loadConfig({ cwd })).config).toEqual({});
  });

  it('GIVEN loaded entries WHEN located THEN each says its file, line and index', async () => {
    const cwd = await dirWith({ 'privapi.config.yaml': YAML_CONFIG, 'nested.json': JSON_CONFIG });
    expect(locatedMutelist(await loadConfig({ cwd })).map((e) => e.where)).toEqual(['privapi.config.yaml:3 mutelist[0]', 'privapi.config.yaml:8 mutelist[1]']);
    const explicit = await loadConfig({ cwd, path: join(cwd, 'nested.json') });
    expect(locatedMutelist(explicit)).toEqual([{ entry: explicit.config.mutelist?.[0], where: 'nested.json:4 mutelist[0]' }]);
  });

  it('GIVEN a config built in memory WHEN located THEN entries are named by index', () => {
    const loaded: LoadedConfig = { config: { mutelist: [{ check: '*', reason: 'r', owner: 'o', expires: '2026-01-01' }] } };
    expect(locatedMutelist(loaded).map((e) => e.where)).toEqual(['mutelist[0]']);
  });
});

describe('loadConfig: errors point into the file', () => {
  it('GIVEN a YAML syntax error WHEN loading THEN it is reported with line and column', async () => {
    const cwd = await dirWith({ 'privapi.config.yaml': 'mutelist:\n  - check: POLICY-002\n    reason: [unclosed\n    owner: me\n' });
    // The parser notices the missing ] where the flow sequence should have ended: the next key.
    expect(await problems({ cwd })).toEqual([
      'privapi.config.yaml: not valid YAML or JSON',
      'privapi.config.yaml:4:5: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('GIVEN a JSON syntax error WHEN loading THEN it is reported with line and column', async () => {
    const cwd = await dirWith({ 'privapi.config.json': '{\n  "mutelist": [\n    {"check": "POLICY-002"}\n  ]\n' });
    expect(await problems({ cwd })).toEqual(['privapi.config.json: not valid YAML or JSON', 'privapi.config.json:5:1: Flow map must end with a }']);
  });

  it('GIVEN a duplicated key WHEN loading THEN it is a syntax error at the duplicate', async () => {
    const cwd = await dirWith({ 'privapi.config.yaml': 'mutelist: []\nmutelist: []\n' });
    expect(await problems({ cwd })).toEqual(['privapi.config.yaml: not valid YAML or JSON', 'privapi.config.yaml:2:1: Map keys must be unique']);
  });

  it('GIVEN several invalid entries WHEN loading THEN every problem is reported at its line, with its path, in file order', async () => {
    const source = [
      '# accepted risks', //                1
      'mutelist:', //                       2
      '  - check: POLICY-002', //           3
      '    reason: fine', //                4
      '    owner: me', //                   5
      '    expires: 2026-12-31', //         6
      '  - check: POLICY-003', //           7
      '    accounts: [12345, 111111111111]', // 8
      '    reason: bad account and date', // 9
      '    owner: me', //                   10
      '    expires: 2026-02-30', //         11
      '  - check: dns-001', //              12
      '    owner: me', //                   13
      '    expires: 2026-12-31', //         14
      '    expiry: 2027-01-01', //          15
      '    tags: { env: 1 }', //            16
    ].join('\n');
    const cwd = await dirWith({ 'privapi.config.yaml': source });
    expect(await problems({ cwd })).toEqual([
      'privapi.config.yaml: invalid config',
      'privapi.config.yaml:8:16: mutelist[1].accounts[0]: expected the account id as a quoted string, such as "012345678901" (YAML reads unquoted digits as a number and drops leading zeros)',
      'privapi.config.yaml:8:23: mutelist[1].accounts[1]: expected the account id as a quoted string, such as "012345678901" (YAML reads unquoted digits as a number and drops leading zeros)',
      'privapi.config.yaml:11:14: mutelist[1].expires: 2026-02-30 is not a calendar date (expected YYYY-MM-DD, such as 2026-12-31)',
      'privapi.config.yaml:12:5: mutelist[2].reason: required: why the risk is accepted',
      'privapi.config.yaml:12:12: mutelist[2].check: expected a check id such as POLICY-002, or a pattern with * such as POLICY-* or *',
      'privapi.config.yaml:15:5: mutelist[2].expiry: unknown key; expected check, accounts, regions, resource, tags, reason, owner, expires',
      'privapi.config.yaml:16:18: mutelist[2].tags.env: expected a tag value as text (quote numbers and booleans in YAML)',
    ]);
  });

  it('GIVEN errors in a JSON file WHEN loading THEN they point at the JSON lines too', async () => {
    const source = JSON_CONFIG.replace('"2026-09-30"', '"30-09-2026"').replace('"owner": "api-team",', '"owner": "",');
    const cwd = await dirWith({ 'privapi.config.json': source });
    expect(await problems({ cwd })).toEqual([
      'privapi.config.json: invalid config',
      'privapi.config.json:8:16: mutelist[0].owner: must not be empty: who accepted the risk (a person or team)',
      'privapi.config.json:9:18: mutelist[0].expires: expected a date as YYYY-MM-DD, such as 2026-12-31',
    ]);
  });

  it('GIVEN an unknown top-level section WHEN loading THEN the error names it and the known ones', async () => {
    const cwd = await dirWith({ 'privapi.config.yml': 'mutelist: []\nmutelists:\n  - check: POLICY-002\n' });
    expect(await problems({ cwd })).toEqual(['privapi.config.yml: invalid config', 'privapi.config.yml:2:1: mutelists: unknown section; expected $schema, accounts, regions, homeRegion, profile, role, checks, failOn, collection, state, securityHub, outputs, onPremises, mutelist']);
  });

  it('GIVEN a mutelist that is not a list WHEN loading THEN the error says what is expected', async () => {
    const cwd = await dirWith({ 'privapi.config.yml': 'mutelist:\n  check: POLICY-002\n' });
    expect(await problems({ cwd })).toEqual(['privapi.config.yml: invalid config', 'privapi.config.yml:2:3: mutelist: expected a list of accepted risks']);
  });

  it('GIVEN a file that is a list WHEN loading THEN the error is at the top', async () => {
    const cwd = await dirWith({ 'privapi.config.yml': '- check: POLICY-002\n' });
    expect(await problems({ cwd })).toEqual(['privapi.config.yml: invalid config', 'privapi.config.yml:1:1: expected a mapping of config sections']);
  });
});
