import { main } from '../../src/cli/main.js';
import type { Terminal } from '../../src/cli/terminal.js';
import { silentLogger } from './collector-context.js';

/** Output captured from writers that are not terminals, unless a test says otherwise. */
export const PIPE: Terminal = { stdoutIsTTY: false, stderrIsTTY: false, env: {} };

/** Runs the CLI in-process, as `privapi <args>`, and returns its exit code and what it printed. */
export async function runCli(args: readonly string[], terminal: Terminal = PIPE): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'privapi', ...args], { stdout: (t) => void (out += t), stderr: (t) => void (err += t), log: silentLogger, terminal });
  return { code, out, err };
}
