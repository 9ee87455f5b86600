// Lint: the recommended TypeScript rules, plus the ones that catch dead or unsafe code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'custom-elements.json', 'tests/.tmp/**', 'demo/shots/**', 'scratch/**', '.next-test/**', '.ssr-test/**', '.sveltekit-test/**', 'docs/.vitepress/dist/**', 'docs/.vitepress/cache/**', 'docs/reference/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', navigator: 'readonly', console: 'readonly',
        process: 'readonly', globalThis: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        URL: 'readonly', fetch: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly',
        performance: 'readonly', location: 'readonly', localStorage: 'readonly', crypto: 'readonly',
        TextEncoder: 'readonly', Buffer: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        structuredClone: 'readonly', BroadcastChannel: 'readonly', queueMicrotask: 'readonly',
      },
    },
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name=/^(only|skip)$/][callee.object.name=/^(it|test|describe)$/]",
        message: 'No focused or skipped tests.',
      }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
