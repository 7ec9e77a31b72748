/**
 * What the CLI may assume about where its output goes. Colour and the progress line are for a
 * person at a terminal; CI logs, pipes and Lambda get plain text and no redraws.
 */

export interface Terminal {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export function processTerminal(): Terminal {
  return { stdoutIsTTY: process.stdout.isTTY === true, stderrIsTTY: process.stderr.isTTY === true, env: process.env };
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off; FORCE_COLOR (not "0") turns it on. */
export function colourFor(isTTY: boolean, env: Terminal['env']): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

/** The progress line: only on an interactive stderr, never in CI or Lambda, where redraws are noise. */
export function progressWanted(terminal: Terminal): boolean {
  const { env } = terminal;
  return terminal.stderrIsTTY && !env.CI && !env.AWS_LAMBDA_FUNCTION_NAME && env.TERM !== 'dumb';
}
