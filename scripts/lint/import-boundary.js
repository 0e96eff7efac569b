/**
 * ESLint rule `runbrain/import-boundary`: which modules a layer may load, decided on the
 * resolved path rather than on the spelling of the specifier, so `../../../main/x` from a
 * renderer page at any depth is caught like `../main/x`, and an allow-list can say "only these
 * folders and packages". Covers static imports (including `import type`), re-exports, dynamic
 * `import()` and `require()`.
 *
 * Options (one object):
 * - allowDirs: repository folders (e.g. 'main/engine', 'shared') that relative imports may reach;
 *   when given, every other relative target is refused.
 * - denyDirs: repository folders relative imports may not reach.
 * - allowPackages: bare specifiers allowed, as exact names or prefixes ending in '*'
 *   ('@stdlib/*'); when given, every other package (and every Node built-in) is refused.
 * - denyPackages: bare specifiers refused, same syntax.
 * - denyNodeBuiltins: refuse `node:*` and unprefixed built-ins (`fs`, `path`, ...).
 * - testPackages: packages additionally allowed in *.test.* files (e.g. 'vitest').
 */
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/** The repository root: this file lives in scripts/lint/. */
const ROOT = resolve(import.meta.dirname, '..', '..');
const BUILTINS = new Set(builtinModules);

const matches = (spec, patterns) =>
  patterns.some((p) => (p.endsWith('*') ? spec.startsWith(p.slice(0, -1)) : spec === p || spec.startsWith(`${p}/`)));

const isBuiltin = (spec) => spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]);

const inside = (repoPath, dirs) => dirs.some((d) => repoPath === d || repoPath.startsWith(`${d}/`));

/** Why `spec`, imported from `file`, breaks the options; null when it is allowed. */
export function boundaryProblem(spec, file, options) {
  const { allowDirs, denyDirs = [], allowPackages, denyPackages = [], denyNodeBuiltins = false, testPackages = [] } = options;
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = relative(ROOT, resolve(dirname(file), spec)).split(sep).join('/');
    if (inside(target, denyDirs)) return `may not import ${target} (${spec})`;
    if (allowDirs && !inside(target, allowDirs)) return `may import only from ${allowDirs.join(', ')}; ${spec} resolves to ${target}`;
    return null;
  }
  const isTest = /\.test\.[cm]?[jt]sx?$/.test(file);
  if (isTest && matches(spec, testPackages)) return null;
  if (isBuiltin(spec) && (denyNodeBuiltins || allowPackages)) return `may not import the Node built-in ${spec}`;
  if (matches(spec, denyPackages)) return `may not import ${spec}`;
  if (allowPackages && !matches(spec, allowPackages)) return `may import only the packages ${allowPackages.join(', ')}; not ${spec}`;
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const importBoundary = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each layer to the modules it may load (resolved paths, any depth).' },
    schema: [
      {
        type: 'object',
        properties: {
          allowDirs: { type: 'array', items: { type: 'string' } },
          denyDirs: { type: 'array', items: { type: 'string' } },
          allowPackages: { type: 'array', items: { type: 'string' } },
          denyPackages: { type: 'array', items: { type: 'string' } },
          denyNodeBuiltins: { type: 'boolean' },
          testPackages: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: { boundary: '{{layer}} {{problem}}.' },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const file = context.filename;
    const layer = relative(ROOT, file).split(sep).join('/');
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const problem = boundaryProblem(source.value, file, options);
      if (problem) context.report({ node, messageId: 'boundary', data: { layer, problem } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) check(node, node.arguments[0]);
      },
      // `import x = require('...')` in TypeScript.
      TSExternalModuleReference: (node) => check(node, node.expression),
    };
  },
};

export default { rules: { 'import-boundary': importBoundary } };
