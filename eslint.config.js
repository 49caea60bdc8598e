// `npm run lint`: typescript-eslint's recommended rules (without type information, so it stays fast)
// and the layers of main/ (issue 21):
//   - contracts and common are leaves: they import nothing of the project but each other;
//   - engine, reader, store, review, counter, eval, settings and operations never import server, app,
//     electron or cli;
//   - only main/electron imports Electron;
//   - nothing under main/ imports scripts/, test/, bench/ or native/ (and of the renderer only its
//     strings, renderer/src/i18n, for the CSV exports);
//   - the renderer imports the renderer, main/contracts and main/common only.
// Each boundary is a regular expression on the import's text, written per depth of the importing
// file, so `../server/` from main/engine/x.ts and `../../server/` from main/engine/pool/x.ts both match
// while main/server/settings/ or renderer/src/app/ (folders named like a layer) do not.
import { fileURLToPath } from 'node:url';
import { defineConfig, globalIgnores, includeIgnoreFile } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** ESLint's own recommended rules (the `@eslint/js` package is not installed; the rules say whether they are). */
const eslintRecommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error']),
);

const MAIN = [
  'app',
  'cli',
  'common',
  'contracts',
  'counter',
  'electron',
  'engine',
  'eval',
  'operations',
  'reader',
  'review',
  'server',
  'settings',
  'store',
];
const CORE = ['engine', 'reader', 'store', 'review', 'counter', 'eval', 'settings', 'operations'];
/** How deep a file may sit below main/<folder>/ or renderer/src/ (main/engine/pool/x.ts is depth 1). */
const DEPTHS = [0, 1, 2, 3, 4, 5];
const up = (n) => `(\\.\\./){${n}}`;
const alt = (names) => `(${names.join('|')})`;

const electron = {
  name: 'electron',
  message: 'Only main/electron imports Electron (issue 21: the rest runs under plain Node too).',
};
const electronPattern = { regex: '^electron/', message: electron.message };

/** The boundaries of a file `depth` folders below main/<folder>/. */
function mainRules(folder, depth) {
  const patterns = [
    // Out of main/: `../` once more than the depth reaches main/, twice more the repository's root.
    {
      regex: `^${up(depth + 2)}(?!renderer/src/i18n/)`,
      message:
        'main/ imports nothing outside main/ (scripts, test, bench, native, the renderer); renderer/src/i18n only, for the CSV exports.',
    },
    {
      regex: `^${up(depth + 1)}(?!${alt(MAIN)}/|\\.\\./)`,
      message: 'main/ imports nothing outside main/: that folder is not one of its layers.',
    },
  ];
  if (folder === 'contracts' || folder === 'common')
    patterns.push({
      regex: `^${up(depth + 1)}(?!(contracts|common)/|\\.\\./)`,
      message: 'main/contracts and main/common are leaves: they import nothing of the project but each other (issue 21).',
    });
  // The app composes the server through its entry (server/app.js), never its routes or internals.
  if (folder === 'app')
    patterns.push({
      regex: `^${up(depth + 1)}server/(?!app\\.js$)`,
      message:
        'main/app imports the server only through main/server/app.js; what a route and an IPC handler share belongs in main/operations, main/contracts or main/common (issue 21).',
    });
  if (CORE.includes(folder))
    patterns.push({
      regex: `^${up(depth + 1)}(server|app|electron|cli)/`,
      message: `main/${folder} never imports server, app, electron or cli: the arrows point the other way (issue 21).`,
    });
  const paths = folder === 'electron' ? [] : [electron];
  return { 'no-restricted-imports': ['error', { paths, patterns: folder === 'electron' ? patterns : [...patterns, electronPattern] }] };
}

/** A file `depth` folders below renderer/src/ reaches the repository's root with depth + 2 `../`. */
function rendererRules(depth) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: [electron],
        patterns: [
          electronPattern,
          {
            regex: `^${up(depth + 2)}(?!main/(contracts|common)/)`,
            message: 'The renderer imports only the renderer, main/contracts and main/common (issue 21).',
          },
          { regex: `^${up(depth + 3)}`, message: 'The renderer imports only the renderer, main/contracts and main/common (issue 21).' },
        ],
      },
    ],
  };
}

const glob = (dir, depth) => `${dir}/${'*/'.repeat(depth)}*.{ts,tsx,mts,cts,js,mjs,cjs}`;

export default defineConfig(
  includeIgnoreFile(fileURLToPath(new URL('.gitignore', import.meta.url))),
  globalIgnores(['dist/', 'models/', 'native/image-kernels/build/', '.tmp*/', 'test/.tmp/', 'docs/', 'build/', '**/*.d.mts', '**/*.d.ts']),
  { rules: eslintRecommended },
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      // Unused names are errors, except those meant to be unused (_x) and the rest of a destructuring.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `try { … } catch {}`: giving up quietly is the point where the code does it (probes, clean-ups).
      'no-empty': ['error', { allowEmptyCatch: true }],
      // The code's style `if (x) (a.push(1), b.push(2));`: comma sequences as statements. (tsc already
      // refuses a left-hand side without effects, TS2695.)
      '@typescript-eslint/no-unused-expressions': 'off',
      // Typed EventEmitter events (`declare interface ReaderService { on(…) }` beside the class) and
      // the transports' methods generated from the operation table: class and interface merge on purpose.
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
      // `interface X extends Y {}` names a type; `{}` alone stays refused.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // Tests and benches read JSON answers loosely.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  MAIN.flatMap((folder) => DEPTHS.map((depth) => ({ files: [glob(`main/${folder}`, depth)], rules: mainRules(folder, depth) }))),
  DEPTHS.map((depth) => ({ files: [glob('renderer/src', depth)], rules: rendererRules(depth) })),
);
