import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseSnapshotText } from '../../model/snapshot.js';
import type { Snapshot } from '../../model/inventory.js';
import type { ApiReach, ClientResult, ClientView, Reachability } from '../../reach/model.js';
import { onPremisesOf } from '../outputs.js';
import { reachability } from '../../reach/evaluate.js';
import { oneLine } from '../../report/text.js';
import { loadConfig } from '../config-file.js';
import { EXIT, UsageError } from '../errors.js';
import { list } from '../options.js';
import { withConfig } from '../settings.js';
import { addScopeOptions, collect, type CollectFlags, type CommandIo } from './collect.js';

export interface ReachFlags extends Omit<CollectFlags, 'out'> {
  snapshot?: string;
  api?: string[];
  from?: string;
  json?: boolean;
}

function describe(r: ClientResult): string {
  if (r.status === 'reachable') {
    const names = r.dnsNames.map((n) => `${n.name}${n.needsHostHeader ? ' (Host/x-apigw-api-id header)' : ''}`);
    return `reachable via ${r.endpointIds.join(', ')}${names.length ? `; names: ${names.join(', ')}` : ''}`;
  }
  if (r.status === 'unreachable' && r.broken) return `UNREACHABLE at ${r.broken.hop}: ${r.broken.reason} (${r.broken.arn})`;
  return `unknown at ${r.unknown?.hop ?? '?'}: ${r.unknown?.missing ?? 'inventory missing'}`;
}

export function formatApiReach(api: ApiReach): string {
  const lines = [
    `${oneLine(api.name)} (${api.apiId}) ${api.accountId} ${api.region}: ${api.intended.length} intended client(s), ${api.reachableBy.length} can reach it${api.anyEndpoint ? '; the policy admits any VPC endpoint' : ''}`,
  ];
  for (const c of api.intended) lines.push(`  ${c.clientId.padEnd(26)}${oneLine(describe(c.result))}  [${c.intendedBy.join('; ')}]`);
  if (api.unintended.length) lines.push(`  NOT INTENDED but reachable: ${api.unintended.map((u) => `${u.clientId} via ${u.endpointIds.join(', ')}`).join('; ')}`);
  for (const note of api.notes) lines.push(`  note: ${oneLine(note)}`);
  return lines.join('\n');
}

export function formatClientView(view: ClientView): string {
  const id = view.client.kind === 'vpc' ? `${view.client.id} (${view.client.accountId} ${view.client.region})` : `${view.client.id} (${view.client.cidrs.join(', ')})`;
  return [`From ${id}: ${view.results.filter((r) => r.status === 'reachable').length} of ${view.results.length} private API(s) reachable`, ...view.results.map((r) => `  ${r.apiArn}  ${oneLine(describe(r))}`)].join('\n');
}

function clientIdOf(reach: Reachability, from: string): string {
  const id = from.startsWith('vpc-') || from.startsWith('onprem:') ? from : `onprem:${from}`;
  if (!reach.clients.some((c) => c.id === id)) {
    const labels = reach.clients.filter((c) => c.kind === 'onprem').map((c) => c.id.slice('onprem:'.length));
    throw new UsageError(`--from ${from}: no such VPC in the inventory${labels.length ? ` and no on-premises network of that label (configured: ${labels.join(', ')})` : ' (on-premises networks are configured under onPremises in the config file)'}`);
  }
  return id;
}

async function snapshotFor(flags: ReachFlags, io: CommandIo): Promise<Snapshot> {
  if (!flags.snapshot) return (await collect(flags, io)).snapshot;
  let text: string;
  try {
    text = await readFile(flags.snapshot, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read snapshot ${flags.snapshot}: ${(err as Error).message}`);
  }
  return parseSnapshotText(text, flags.snapshot);
}

/**
 * Who can invoke each private API and, for each intended client that cannot, the first hop that
 * breaks. Exit 1 when an intended client cannot reach its API, 3 when some answer is unknown.
 */
export async function runReach(given: ReachFlags, cmd: Command, io: CommandIo): Promise<number> {
  const loaded = await loadConfig({ ...(given.config ? { path: given.config } : {}), cwd: process.cwd() });
  const flags = withConfig(given, cmd, loaded.config);
  const snapshot = await snapshotFor(flags, io);
  const reach = reachability(snapshot, { onPremises: onPremisesOf(loaded.config) });
  const wanted = new Set(flags.api ?? []);
  const unknownApis = [...wanted].filter((id) => !reach.apis.some((a) => a.apiId === id));
  if (unknownApis.length) throw new UsageError(`--api: no private API ${unknownApis.join(', ')} in the inventory`);
  const apis = wanted.size ? reach.apis.filter((a) => wanted.has(a.apiId)) : reach.apis;

  let results: ClientResult[];
  if (flags.from) {
    const view = reach.reachableFrom(clientIdOf(reach, flags.from))!;
    const shown = { ...view, results: view.results.filter((r) => !wanted.size || apis.some((a) => a.apiArn === r.apiArn)) };
    io.stdout(flags.json ? `${JSON.stringify(shown, null, 2)}\n` : `${formatClientView(shown)}\n`);
    results = shown.results;
  } else {
    if (flags.json) io.stdout(`${JSON.stringify({ apis, withoutEndpoint: reach.withoutEndpoint }, null, 2)}\n`);
    else {
      const endpointless = reach.withoutEndpoint.map((g) => `${g.vpcIds.length} VPC(s) in ${g.region} have no execute-api endpoint: ${g.status} for every private API of the region`);
      io.stdout(`${[...apis.map(formatApiReach), ...endpointless].join('\n\n')}\n`);
    }
    results = apis.flatMap((a) => a.intended.map((c) => c.result));
  }
  if (results.some((r) => r.status === 'unreachable')) return EXIT.findings;
  return results.some((r) => r.status === 'unknown') ? EXIT.incomplete : EXIT.ok;
}

export function registerReach(program: Command, io: () => CommandIo, done: (code: number) => void): void {
  addScopeOptions(
    program
      .command('reach')
      .description('who can actually invoke each private API, through which DNS names and endpoints, and where the path breaks for the clients its policy intends')
      .option('--snapshot <file>', 'read a saved snapshot instead of collecting')
      .option('--api <ids...>', 'only these private APIs (ids)', list)
      .option('--from <client>', 'one client\'s view: a VPC id, or the label of an on-premises network from the config file')
      .option('--json', 'print the results as JSON'),
  )
    .addHelpText(
      'after',
      `
Examples:
  privapi reach --demo                                  # collect the simulated organization and print every private API's clients
  privapi reach --snapshot snapshot.json --api a1b2c3d4e5
  privapi reach --snapshot snapshot.json --from vpc-0123456789abcdef0
  privapi reach --snapshot snapshot.json --from datacenter-1 --json   # onPremises: [{ label: datacenter-1, cidrs: [10.20.0.0/16] }]

Exit codes: 0 every intended client can reach its API, 1 some cannot, 2 usage or config error,
3 some answers are unknown (inventory missing).`,
    )
    .action(async (flags: ReachFlags, command: Command) => done(await runReach(flags, command, io())));
}
