/**
 * What a config write must respect before it touches anything: the real file behind a symlink,
 * a read-only mode, and an owner that a rename would otherwise change. Each refusal is a
 * ConfigError with a sentence the user can act on.
 */
import { accessSync, constants, lstatSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './jsonc';

/** The file a write to `path` really changes: the end of a symlink chain, or `path` itself. */
export function writeTarget(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // A dangling link must stay a link: writing "through" it would replace it with a file.
    if (lstatSync(abs, { throwIfNoEntry: false })?.isSymbolicLink()) {
      throw new ConfigError(`${abs} is a symbolic link to ${readlinkSync(abs)}, which does not exist; RunBrain leaves it unchanged.`);
    }
    return abs;
  }
}

const octal = (mode: number): string => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

/** The target's stat, or null when it does not exist yet. */
export function statTarget(target: string): Stats | null {
  try {
    return statSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Refuses a file nobody may write (no write bit at all: root would otherwise write through a
 * 0444) or one the current user may not write. `label` is how the file is named in the sentence.
 */
export function assertWritable(target: string, st: Stats, label = target): void {
  if ((st.mode & 0o222) === 0) {
    throw new ConfigError(
      `${label} is read-only (mode ${octal(st.mode)}); RunBrain does not change read-only files. ` +
        'Make it writable (chmod u+w) to apply changes to it.',
    );
  }
  try {
    accessSync(target, constants.W_OK);
  } catch {
    throw new ConfigError(`${label} is not writable by you (mode ${octal(st.mode)}, owner uid ${st.uid}); RunBrain leaves it unchanged.`);
  }
}

/** The sentence for a replacement whose owner or group could not be kept. */
export function ownerNotKept(label: string, st: Stats): ConfigError {
  return new ConfigError(
    `${label} belongs to uid ${st.uid}, gid ${st.gid}, and RunBrain cannot give the rewritten file the same owner ` +
      '(only its owner or an administrator can); nothing was changed. Apply the change as the file\'s owner.',
  );
}
