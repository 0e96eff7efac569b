/**
 * Which Chromium the browser specs drive, and the one sentence shown when it is missing.
 * Debian's package (/usr/bin/chromium) by default; RUNBRAIN_CHROMIUM points elsewhere.
 */
import { existsSync } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium (or Chrome) executable the e2e specs launch. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNBRAIN_CHROMIUM || DEFAULT_CHROMIUM;
}

/** Null when the executable exists; otherwise how to install it, in one sentence. */
export function missingChromium(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string | null {
  const path = chromiumPath(env);
  if (exists(path)) return null;
  return env.RUNBRAIN_CHROMIUM
    ? `The e2e tests need Chromium, but RUNBRAIN_CHROMIUM=${path} does not exist: point it at a Chromium or Chrome executable.`
    : `The e2e tests need Chromium at ${DEFAULT_CHROMIUM}: install it with "sudo apt-get install chromium" (.ci/run does this) or set RUNBRAIN_CHROMIUM to a Chromium or Chrome executable.`;
}
