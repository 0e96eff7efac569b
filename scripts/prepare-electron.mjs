#!/usr/bin/env node
/**
 * Prepares the Electron side of RunBrain before `npm start` / `npm run dist`:
 *  (a) makes sure the Electron binary is installed (Electron 45 downloads it lazily);
 *  (b) builds better-sqlite3 for Electron's ABI into .electron-native/better_sqlite3.node,
 *      unless a build stamped for this Electron/better-sqlite3/platform/arch is already there.
 * node_modules keeps the Node build for tests, the CLI and browser mode; see docs/native-modules.md.
 * Pure helpers are exported for tests; the work runs only when executed as a script.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NATIVE_DIR = '.electron-native';
export const NATIVE_FILE = 'better_sqlite3.node';
export const STAMP_FILE = 'build-info.json';
export const HEADERS_URL = 'https://electronjs.org/headers';

/** Where the Electron build, its stamp and the downloaded Electron headers live under the repo root. */
export function nativePaths(root) {
  const dir = join(root, NATIVE_DIR);
  return { dir, file: join(dir, NATIVE_FILE), stamp: join(dir, STAMP_FILE), headers: join(dir, 'headers') };
}

/** Whether node_modules/electron holds its binary, checked on disk (never require('electron'): that downloads). */
export function electronBinaryStatus(electronDir) {
  let version;
  try {
    version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  } catch {
    return { installed: false, version: null, executable: null, reason: 'the electron package is not installed (run npm install)' };
  }
  let relPath;
  try {
    relPath = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
  } catch {
    return { installed: false, version, executable: null, reason: 'node_modules/electron/path.txt is missing (binary never downloaded)' };
  }
  const executable = join(electronDir, 'dist', relPath);
  if (!existsSync(executable)) return { installed: false, version, executable, reason: `${executable} is missing` };
  let distVersion = null;
  try {
    distVersion = readFileSync(join(electronDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
  } catch {
    // Older layouts have no dist/version; the executable is enough.
  }
  if (distVersion && distVersion !== version) {
    return { installed: false, version, executable, reason: `the downloaded binary is Electron ${distVersion}, the package is ${version}` };
  }
  return { installed: true, version, executable, reason: null };
}

/** The stamp a build for this setup must carry. */
export function expectedStamp({ electronVersion, betterSqlite3Version, platform, arch }) {
  return { electron: electronVersion, better_sqlite3: betterSqlite3Version, platform, arch };
}

/** True when an existing stamp was written for exactly the expected setup. */
export function stampMatches(stamp, expected) {
  if (!stamp || typeof stamp !== 'object') return false;
  return Object.entries(expected).every(([key, value]) => stamp[key] === value);
}

/** Reads a stamp file; null when missing or unreadable. */
export function readStamp(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Places to find node-gyp, best first: the copy that ships with the npm running us, the copy next
 * to the node binary's global npm (Unix, then Windows layout), then one in the project's own tree.
 */
export function nodeGypCandidates({ npmExecPath, execPath, projectRequire }) {
  const list = [];
  if (npmExecPath) list.push(join(dirname(npmExecPath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  list.push(join(dirname(execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  list.push(join(dirname(execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  if (projectRequire) {
    try {
      list.push(projectRequire.resolve('node-gyp/bin/node-gyp.js'));
    } catch {
      // Not in the project tree; npm's copy is the normal case.
    }
  }
  return list;
}

/**
 * The environment for node-gyp: npm's `nodedir` (set on machines that build offline against the
 * local Node headers) would silently produce a Node-ABI build, so it and other target overrides go.
 */
export function buildEnv(env) {
  const drop = new Set(['npm_config_nodedir', 'npm_config_target', 'npm_config_runtime', 'npm_config_disturl', 'npm_config_dist_url']);
  return Object.fromEntries(Object.entries(env).filter(([key]) => !drop.has(key.toLowerCase())));
}

/** node-gyp arguments for an Electron build. */
export function nodeGypArgs({ electronVersion, arch, devdir }) {
  return [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    `--dist-url=${HEADERS_URL}`,
    '--runtime=electron',
    `--devdir=${devdir}`,
    '--jobs=max',
  ];
}

/** Copy filter: everything of the package except a previous build output. */
export function copyFilter(srcRoot) {
  return (src) => {
    const rel = relative(srcRoot, src);
    return rel !== 'build' && !rel.startsWith(`build${sep}`);
  };
}

async function canReach(url, timeoutMs = 6000) {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    return res.ok;
  } catch {
    return false;
  }
}

function fail(sentence) {
  console.error(`prepare-electron: ${sentence}`);
  process.exit(1);
}

function ensureElectronBinary(root) {
  const electronDir = join(root, 'node_modules', 'electron');
  let status = electronBinaryStatus(electronDir);
  if (status.installed) return status;
  console.log(`prepare-electron: Electron binary not installed (${status.reason}); downloading it…`);
  // Electron's installer reports a failed download with a stack trace: keep that in a log file
  // and show the user one sentence.
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], cwd: root });
  status = electronBinaryStatus(electronDir);
  if (install.status !== 0 || !status.installed) {
    const log = join(NATIVE_DIR, 'electron-install.log');
    let details = '';
    try {
      mkdirSync(join(root, NATIVE_DIR), { recursive: true });
      writeFileSync(join(root, log), install.stderr ?? '');
      details = ` (the installer's output is in ${log})`;
    } catch {
      // No log then; the sentence alone still says what to do.
    }
    fail(`could not download the Electron binary (are you offline?); connect to the internet and run \`npm start\` again${details}.`);
  }
  if (install.stderr?.length) process.stderr.write(install.stderr);
  return status;
}

async function ensureNativeBuild(root, electronVersion, strict) {
  const paths = nativePaths(root);
  const require = createRequire(join(root, 'package.json'));
  const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
  const betterSqlite3Version = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
  const expected = expectedStamp({ electronVersion, betterSqlite3Version, platform: process.platform, arch: process.arch });

  if (existsSync(paths.file) && stampMatches(readStamp(paths.stamp), expected)) {
    console.log(`prepare-electron: ${NATIVE_DIR}/${NATIVE_FILE} is up to date (Electron ${electronVersion}).`);
    return;
  }

  const headersCached = existsSync(join(paths.headers, electronVersion, 'installVersion'));
  const headersUrl = `${HEADERS_URL}/v${electronVersion}/node-v${electronVersion}-headers.tar.gz`;
  if (!headersCached && !(await canReach(headersUrl))) {
    const sentence = `skipped building better-sqlite3 for Electron ${electronVersion}: cannot reach ${HEADERS_URL} (offline?). The desktop app needs it; run \`npm start\` once online (tests, the CLI and browser mode do not).`;
    if (strict) fail(sentence);
    console.warn(`prepare-electron: ${sentence}`);
    return;
  }

  const nodeGyp = nodeGypCandidates({ npmExecPath: process.env.npm_execpath, execPath: process.execPath, projectRequire: require }).find((p) =>
    existsSync(p),
  );
  if (!nodeGyp) fail('node-gyp was not found (it ships with npm); reinstall npm or add node-gyp as a dev dependency.');

  const work = mkdtempSync(join(tmpdir(), 'runbrain-sqlite-electron-'));
  try {
    console.log(`prepare-electron: building better-sqlite3 ${betterSqlite3Version} for Electron ${electronVersion} (${process.platform}-${process.arch}); this takes about a minute…`);
    cpSync(sqliteDir, work, { recursive: true, filter: copyFilter(sqliteDir) });
    mkdirSync(paths.headers, { recursive: true });
    const args = nodeGypArgs({ electronVersion, arch: process.arch, devdir: paths.headers });
    const build = spawnSync(process.execPath, [nodeGyp, ...args], { cwd: work, env: buildEnv(process.env), stdio: 'inherit' });
    const output = join(work, 'build', 'Release', NATIVE_FILE);
    if (build.status !== 0 || !existsSync(output)) {
      fail(`node-gyp could not build better-sqlite3 for Electron ${electronVersion} (see the output above; a C++20 compiler and Python 3 are needed).`);
    }
    mkdirSync(paths.dir, { recursive: true });
    const staging = `${paths.file}.tmp`;
    cpSync(output, staging);
    renameSync(staging, paths.file);
    writeFileSync(paths.stamp, `${JSON.stringify({ ...expected, built_at: new Date().toISOString() }, null, 2)}\n`);
    console.log(`prepare-electron: wrote ${NATIVE_DIR}/${NATIVE_FILE}.`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  // Packaging without the native module would ship a broken app, so `dist` treats offline as an error.
  const strict = process.argv.includes('--strict') || process.env.npm_lifecycle_event === 'dist';
  const electron = ensureElectronBinary(root);
  await ensureNativeBuild(root, electron.version, strict);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
}
