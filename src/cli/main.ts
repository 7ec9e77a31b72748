import { Command, CommanderError } from 'commander';
import type { Logger } from 'pino';
import { AssumeRoleError } from '../aws/credentials.js';
import { OrganizationAccessError } from '../aws/organization.js';
import { CallerCredentialsError } from '../collectors/run.js';
import { createLogger } from '../logging.js';
import { SnapshotError } from '../model/snapshot.js';
import { ReportFileError } from '../report/json.js';
import { RunConflictError, StateStoreError } from '../sinks/state-store.js';
import { InvokeError } from '../aws/invoke.js';
import { PRIVAPI_VERSION } from '../version.js';
import { registerAudit } from './commands/audit.js';
import { registerCheck } from './commands/check.js';
import { registerChecks } from './commands/checks.js';
import { registerCollect, type CommandIo } from './commands/collect.js';
import { registerDemo } from './commands/demo.js';
import { registerInvoke } from './commands/invoke.js';
import { registerPermissions } from './commands/permissions.js';
import { registerReach } from './commands/reach.js';
import { registerReport } from './commands/report.js';
import { EXIT, UsageError } from './errors.js';
import { processTerminal, progressWanted, type Terminal } from './terminal.js';

export interface MainDependencies {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Whether stdout/stderr are terminals and the environment (NO_COLOR, CI); the process's own by default. */
  terminal?: Terminal;
  log?: Logger;
  aws?: CommandIo['aws'];
}

export function buildProgram(deps: Required<Pick<MainDependencies, 'stdout' | 'stderr'>> & MainDependencies, setCode: (code: number) => void): Command {
  const program = new Command('privapi')
    .description('Audit Amazon API Gateway private APIs and private integrations across an AWS Organization')
    .version(PRIVAPI_VERSION)
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default: warn on a terminal, where the progress line shows activity; info otherwise)')
    .exitOverride()
    .configureOutput({ writeOut: deps.stdout, writeErr: deps.stderr });
  let log: Logger | undefined = deps.log;
  const terminal = deps.terminal ?? processTerminal();
  const io = (): CommandIo => {
    const level = program.opts<{ logLevel?: string }>().logLevel ?? terminal.env.PRIVAPI_LOG_LEVEL ?? (progressWanted(terminal) ? 'warn' : 'info');
    log ??= createLogger({ level: level as never });
    return { stdout: deps.stdout, stderr: deps.stderr, terminal, log, ...(deps.aws ? { aws: deps.aws } : {}) };
  };
  registerAudit(program, io, setCode);
  registerCollect(program, io, setCode);
  registerPermissions(program, io, setCode);
  registerDemo(program, io, setCode);
  registerChecks(program, io, setCode);
  registerCheck(program, io, setCode);
  registerInvoke(program, io, setCode);
  registerReport(program, io, setCode);
  registerReach(program, io, setCode);
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests run it in-process. */
export async function main(argv: readonly string[], deps: MainDependencies = {}): Promise<number> {
  const stdout = deps.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = deps.stderr ?? ((t: string) => void process.stderr.write(t));
  // Writers passed in (tests, embedding) are not terminals unless the caller says so.
  const terminal = deps.terminal ?? (deps.stdout || deps.stderr ? { stdoutIsTTY: false, stderrIsTTY: false, env: process.env } : processTerminal());
  let code: number = EXIT.ok;
  const program = buildProgram({ ...deps, stdout, stderr, terminal }, (c) => (code = c));
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof UsageError || err instanceof SnapshotError || err instanceof ReportFileError) {
      stderr(`privapi: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof OrganizationAccessError || err instanceof AssumeRoleError || err instanceof CallerCredentialsError || err instanceof StateStoreError || err instanceof RunConflictError || err instanceof InvokeError) {
      stderr(`privapi: ${err.message}\n`);
      return EXIT.incomplete;
    }
    const e = err as Error;
    stderr(`privapi: unexpected error: ${e.name}: ${e.message}\n${process.env.PRIVAPI_DEBUG ? `${e.stack}\n` : 'Set PRIVAPI_DEBUG=1 for the stack trace.\n'}`);
    return EXIT.incomplete;
  }
}
