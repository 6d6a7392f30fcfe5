// ESLint flat config. Kept fast on purpose: the recommended typescript-eslint rules without type information (the
// type checker already runs in `npm run typecheck`), the React hooks rules for .tsx, and the import boundaries
// between the source folders.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Forbids src/<from> to import from the named source folders: static imports and re-exports through
 * no-restricted-imports, lazy `import('…')` (which that rule does not see) through no-restricted-syntax.
 */
function forbid(from, folders) {
  const message = (folder) => `src/${from} may not import from src/${folder} (see the layering in eslint.config.js).`;
  return {
    files: [`src/${from}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: folders.map((folder) => ({ group: [`**/${folder}`, `**/${folder}/**`], message: message(folder) })),
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...folders.map((folder) => ({
          selector: `ImportExpression[source.value=/(^|\\/)${folder}(\\/|$)/]`,
          message: message(folder),
        })),
      ],
    },
  };
}

export default defineConfig(
  globalIgnores([
    'dist/',
    'node_modules/',
    'public/',
    'test-results/',
    'coverage/',
    '.stryker-tmp/',
    '.vite/',
    '.scratch-*/',
    '.smoke-*',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      // The same convention as tsc's noUnusedParameters: a leading underscore marks a deliberately unused name, and
      // `const { ms: _ms, ...rest } = x` drops a field on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // The page, the worker and the embeddable library run in the browser.
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    // The CLI, the tests, the scripts and the config files run in Node.
    files: ['src/cli/**/*.ts', 'tests/**/*.{ts,tsx,js,mjs}', 'scripts/**/*.{ts,js,mjs}', '*.{js,mjs,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Its page.evaluate / waitForFunction callbacks run in the browser page.
    files: ['scripts/measure-app.mjs', 'scripts/measure-drag.mjs', 'scripts/measure-big-run.mjs', 'examples/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Components, and the hook modules named use<Name>.ts. Not every .ts: the CLI's useNodeBackend() and the like are
    // not React hooks, and rules-of-hooks would flag their callers.
    files: ['**/*.tsx', 'src/**/use[A-Z]*.ts'],
    extends: [reactHooks.configs.flat.recommended],
  },

  // Import boundaries. core is the algorithms (tfjs and its own modules only); engine runs core in the worker; view
  // is what the app and the embeddable library (lib) share for drawing; app and cli sit on top.
  forbid('core', ['engine', 'app', 'cli', 'lib', 'view']),
  forbid('engine', ['app', 'lib', 'view', 'cli']),
  forbid('lib', ['app', 'cli']),
  forbid('view', ['app', 'lib', 'cli']),
);
