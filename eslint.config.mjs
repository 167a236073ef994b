// ESLint flat config: the `yo code` template's rules plus typescript-eslint's recommended ones.
// Formatting is Prettier's job (.prettierrc.json); eslint-config-prettier turns off the rules
// that would disagree with it. Run with `npm run lint`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'out/', 'node_modules/', '.vscode-test/', 'test-results/']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      parserOptions: {
        // Type information for src/ and test/ from tsconfig.json.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },

  // The plain JavaScript files (build script, test runner, VS Code setup, this config) are not in
  // tsconfig.json, so they get the recommended rules without type information.
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['esbuild.js', 'test/run.js', 'test/e2e/setup-vscode.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: globals.node,
    },
    rules: {
      // These are CommonJS scripts that Node runs as they are; require() is how they import.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['eslint.config.mjs'],
    languageOptions: { globals: globals.node },
  },

  // Last among the shared configs, so that no formatting rule is left on to fight Prettier.
  prettier,

  // The `yo code` extension template's own rules.
  {
    rules: {
      '@typescript-eslint/naming-convention': ['warn', { selector: 'import', format: ['camelCase', 'PascalCase'] }],
      // Braces for any body that spans lines; a one-line `if (x) return;` stays as it is written here.
      curly: ['warn', 'multi-line'],
      eqeqeq: 'warn',
      'no-throw-literal': 'warn',
      // Agrees with Prettier's `semi: true`, so the two never fight.
      semi: 'warn',
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // In TypeScript its type-aware version, @typescript-eslint/only-throw-error (recommendedTypeChecked), covers it.
      'no-throw-literal': 'off',
    },
  },
);
