import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'
import boundaries from './eslint/boundaries.js'

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['bin/**/*.js', 'bench/**/*.js', 'scripts/**/*.js', 'eslint/**/*.js', '*.config.js', 'test/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/unit/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // The core runs in plain Node (headless mode, tests): Electron stays in the shell.
    files: [
      'src/main/core/**/*.ts',
      'src/main/headless/**/*.ts',
      'src/main/cli.ts',
      'src/main/cli/**/*.ts',
      'src/relay/**/*.ts',
      'src/server-common/**/*.ts',
      'src/renderer/**/*.{ts,tsx}',
      'src/shared/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/index.ts, src/main/shell and src/preload may import electron.' }] },
      ],
    },
  },
  {
    // Layers (docs/ARCHITECTURE.md): the zones and their reasons are in eslint/boundaries.js.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { hookbell: boundaries },
    rules: { 'hookbell/boundaries': 'error' },
  },
  {
    // toMatchObject compares a RegExp value with equality, not as a pattern: `{ reason: /x/ }` passes for any
    // reason at all. expect.stringMatching(/x/) is the matcher that tests it.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='toMatchObject'] Property > Literal[regex]",
          message: 'toMatchObject does not test a RegExp value as a pattern: use expect.stringMatching(/…/)',
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
)
