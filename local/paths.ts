/**
 * Paths the offline tools take from the environment, their arguments or their defaults. Each is made
 * absolute here, before it reaches a child process or a library: DynamoDB Local, for one, runs with its
 * own package folder as working directory, so a relative path would point somewhere else.
 */
import { resolve } from 'node:path';

/** Where the person typed the command: npm runs scripts from the package root and records this in INIT_CWD. */
export function invokedFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD || process.cwd();
}

/**
 * A path given by the person (an environment variable or an argument) is read against where they typed
 * the command; a default is read against the project (npm's working directory for its scripts).
 */
export function userPath(given: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(invokedFrom(env), given);
}

export function defaultPath(fallback: string): string {
  return resolve(process.cwd(), fallback);
}

/** The environment's value when set, else the default; absolute either way. */
export function envPath(name: string, fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = env[name];
  return given ? userPath(given, env) : defaultPath(fallback);
}
