// ESLint flat config: typescript-eslint's recommended rules for all TypeScript,
// a ban on `any` outside tests and on HTML-injection sinks in the client, and the layer rule.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "AssignmentExpression[left.property.name='innerHTML']",
          message: 'Render text, never HTML.',
        },
        {
          selector: "AssignmentExpression[left.property.name='outerHTML']",
          message: 'Render text, never HTML.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Render text, never HTML.',
        },
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'lit/directives/unsafe-html.js', message: 'Render text, never HTML.' }] },
      ],
    },
  },
  {
    // Layers point one way (docs/architecture.md#layers): common ← crypto ← math ← session ← models ← views.
    files: ['common/**/*.ts', 'server/**/*.ts', 'client/**/*.ts'],
    plugins: { curvechat: layers },
    rules: { 'curvechat/layers': 'error' },
  },
  {
    // The independent v2 client is written from docs/protocol.md alone: it may not import the client or common/.
    files: ['test/helpers/independent-v2.ts', 'test/helpers/independent-v2/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/client/**', '**/common/**', '**/server/**'],
              message:
                'The independent v2 client is written from docs/protocol.md only (docs/protocol.md, "Implementing v2").',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**', 'e2e/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
