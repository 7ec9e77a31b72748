import pino, { type Logger, type LevelWithSilent } from 'pino';

/**
 * Paths never written to a log: credentials in any shape the SDK or STS produce them, and policy
 * documents (they are data the snapshot holds; logs only name the resource).
 */
export const REDACTED_PATHS = [
  'credentials', '*.credentials', 'accessKeyId', '*.accessKeyId', 'secretAccessKey', '*.secretAccessKey',
  'sessionToken', '*.sessionToken', 'AccessKeyId', '*.AccessKeyId', 'SecretAccessKey', '*.SecretAccessKey',
  'SessionToken', '*.SessionToken', 'Credentials', '*.Credentials', 'externalId', '*.externalId', 'ExternalId', '*.ExternalId',
  'policy', '*.policy', 'policyDocument', '*.policyDocument', 'PolicyDocument', '*.PolicyDocument',
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
];

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Human-readable output; otherwise one JSON object a line. */
  pretty?: boolean;
  destination?: pino.DestinationStream;
}

/** JSON when not on a TTY or in Lambda; readable on a TTY. Always to stderr, stdout is for results. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? ((process.env.PRIVAPI_LOG_LEVEL as LevelWithSilent | undefined) || 'info');
  const base = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { app: 'privapi' } };
  if (opts.destination) return pino(base, opts.destination);
  const inLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
  const pretty = opts.pretty ?? (!inLambda && process.stderr.isTTY === true);
  if (pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2, colorize: !process.env.NO_COLOR, ignore: 'pid,hostname,app' } } });
  }
  return pino(base, pino.destination(2));
}
