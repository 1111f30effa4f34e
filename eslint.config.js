import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'renderer/dist/', 'test-output/', '.node22/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Raw IPC lives in exactly two files (GitHub Desktop style): the transport that serves the
    // contract and the preload that exposes the bridge. Everything else goes through them.
    // Placed before the layering blocks, whose stricter electron bans then win for their files.
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    ignores: ['electron/ipc-transport.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'raw IPC only in electron/ipc-transport.ts and electron/preload.ts',
            },
          ],
        },
      ],
    },
  },
  {
    // Layering: core never reaches up into the app shells or the UI.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'core must not depend on electron' }],
          patterns: [
            { group: ['**/electron/**', '**/renderer/**'], message: 'core imports downward only' },
            { group: ['react', 'react-dom'], message: 'core has no DOM' },
          ],
        },
      ],
    },
  },
  {
    // Every electron import stays inside electron/ (the binary cannot be downloaded on CI).
    files: ['renderer/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.ts', 'test/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'electron is imported only inside electron/' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
