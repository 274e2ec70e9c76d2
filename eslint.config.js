// Strict, type-aware linting for the whole workspace, plus Nx module boundaries that really
// constrain: the domain depends on nothing of ours, the chaincode only on the domain.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.stack/**',
      'data/**',
      'bench-results/**',
      'coverage/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.spec.json'], tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      complexity: ['error', 25],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: [
                'node:*',
                'fs',
                'path',
                'crypto',
                'http',
                'net',
                '@nestjs/*',
                'typeorm',
                'pg',
                'kafkajs',
                '@hyperledger/*',
                'fabric-*',
                '@electric-sql/*',
              ],
            },
            {
              sourceTag: 'type:chaincode',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', '@hyperledger/*', '@electric-sql/*'],
            },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:domain', 'type:lib', 'type:chaincode'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:lib', 'type:chaincode', 'type:app'] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:domain', 'type:lib', 'type:chaincode', 'type:app'] },
            { sourceTag: 'scope:root', onlyDependOnLibsWithTags: ['type:domain', 'type:lib', 'type:chaincode', 'type:app', 'type:test'] },
          ],
        },
      ],
    },
  },
  {
    // The domain is pure: no Node built-ins, no framework, no I/O library (Nx tags cannot see built-ins).
    files: ['libs/domain/src/**/*.ts'],
    ignores: ['libs/domain/src/**/*.spec.ts', 'libs/domain/src/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'The domain library is pure: no Node built-ins.' },
            {
              regex: '^(fs|path|os|crypto|http|https|net|child_process|worker_threads|stream)$',
              message: 'The domain library is pure: no Node built-ins.',
            },
            {
              regex: '^(@nestjs/|typeorm|pg$|kafkajs|@hyperledger/|fabric-|@electric-sql/|pino|jose)',
              message: 'The domain library imports no framework, ORM, broker or ledger SDK.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    // Chaincode must be deterministic: no wall clock, randomness, environment or I/O.
    files: ['chaincode/src/**/*.ts'],
    ignores: ['chaincode/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(node:|fs$|path$|os$|crypto$|http|net$|child_process)', message: 'Chaincode is deterministic and does no I/O.' },
            {
              regex: '^(@nestjs/|typeorm|pg$|kafkajs|@hyperledger/|@electric-sql/)',
              message: 'Chaincode depends only on the domain library and fabric-contract-api.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use ctx.stub.getTxTimestamp().' },
        { object: 'Math', property: 'random', message: 'Chaincode must be deterministic.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use ctx.stub.getTxTimestamp(): the wall clock differs between peers.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  prettier,
);
