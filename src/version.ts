import { createRequire } from 'node:module';

/** The package version, stamped into snapshots and findings. */
export const PRIVAPI_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
