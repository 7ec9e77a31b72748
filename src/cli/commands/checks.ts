import type { Command } from 'commander';
import { checks } from '../../../checks/index.js';
import type { CheckDefinition } from '../../model/check.js';
import { EXIT, UsageError } from '../errors.js';
import type { CommandIo } from './collect.js';

/** The check's full documentation, generated from its metadata so the two cannot diverge. */
export function checkDoc(check: CheckDefinition): string {
  return [
    `# ${check.id}: ${check.title}`,
    '',
    `Severity: ${check.severity}`,
    `Resource type (ASFF): ${check.resourceType}`,
    `Reads: ${check.requires.join(', ') || '-'}`,
    '',
    '## Remediation',
    check.remediation.text,
    check.remediation.url,
    '',
    '## Findings',
    ...Object.entries<string>(check.messages).map(([id, text]) => `- ${id}: ${text}`),
    '',
    ...(check.notes?.length ? ['## Notes', ...check.notes.map((n) => `- ${n}`), ''] : []),
    '## References',
    ...check.references.map((r) => `- ${r}`),
  ].join('\n');
}

export function runChecksList(flags: { json?: boolean }, io: Pick<CommandIo, 'stdout'>): number {
  if (flags.json) {
    io.stdout(`${JSON.stringify(checks.map((c) => ({ id: c.id, severity: c.severity, title: c.title, resourceType: c.resourceType, requires: c.requires })), null, 2)}\n`);
  } else {
    const lines = [`${'ID'.padEnd(12)}${'SEVERITY'.padEnd(15)}TITLE`, ...checks.map((c) => `${c.id.padEnd(12)}${c.severity.padEnd(15)}${c.title}`)];
    io.stdout(`${lines.join('\n')}\n`);
  }
  return EXIT.ok;
}

export function runChecksShow(id: string, io: Pick<CommandIo, 'stdout'>): number {
  const check = checks.find((c) => c.id.toUpperCase() === id.toUpperCase());
  if (!check) throw new UsageError(`no check "${id}" (privapi checks list shows them all)`);
  io.stdout(`${checkDoc(check)}\n`);
  return EXIT.ok;
}

export function registerChecks(program: Command, io: () => CommandIo, done: (code: number) => void): void {
  const cmd = program.command('checks').description('the checks privapi runs and their documentation');
  cmd
    .command('list')
    .description('every check: id, severity and title')
    .option('--json', 'as JSON')
    .addHelpText('after', '\nExamples:\n  privapi checks list\n  privapi checks list --json | jq -r \'.[] | select(.severity == "CRITICAL") | .id\'')
    .action((flags: { json?: boolean }) => done(runChecksList(flags, io())));
  cmd
    .command('show <id>')
    .description('one check\'s full documentation: what it reads, what it reports, how to fix it')
    .addHelpText('after', '\nExample:\n  privapi checks show POLICY-002')
    .action((id: string) => done(runChecksShow(id, io())));
}
