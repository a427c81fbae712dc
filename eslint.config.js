/** ESLint (flat config): Office add-in rules for the browser code, TypeScript rules everywhere. */
const officeAddins = require("eslint-plugin-office-addins");
// Use the typescript-eslint the Office plugin ships with: two copies of one plugin cannot coexist.
const tseslint = require(
  require.resolve("typescript-eslint", { paths: [require.resolve("eslint-plugin-office-addins")] }),
);
const globals = require("globals");

module.exports = [
  { ignores: ["dist/", "build/", "coverage/", "node_modules/", "test-artifacts/", ".data/"] },
  ...officeAddins.configs.react,
  {
    // The Office preset parses with ES2015 and names only .ts/.js; we write ES2022 and .tsx too.
    files: ["**/*.{ts,tsx}"],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 2022,
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-unused-vars": "error",
      "no-unused-vars": "off",
      // TypeScript already checks names; the core rule misreads type-only globals (Office, Excel).
      "no-undef": "off",
      "no-redeclare": "off",
      "react/react-in-jsx-scope": "off",
    },
  },
  {
    files: ["**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node } },
  },
  {
    files: ["test/**/*.{ts,tsx}", "bench/**/*.ts"],
    languageOptions: { globals: { ...globals.jest } },
  },
];
