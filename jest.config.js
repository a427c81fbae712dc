/** Jest: Node tests for the server, simulator and coder; jsdom for the add-in's browser code. */
const tsJest = ["ts-jest", { isolatedModules: true, tsconfig: "tsconfig.json" }];

module.exports = {
  projects: [
    {
      displayName: "node",
      testEnvironment: "node",
      roots: ["<rootDir>/test"],
      testMatch: ["**/*.test.ts"],
      testPathIgnorePatterns: ["/test/addin/", "/test/browser/"],
      transform: { "^.+\\.tsx?$": tsJest },
    },
    {
      displayName: "addin",
      testEnvironment: "jsdom",
      roots: ["<rootDir>/test/addin"],
      testMatch: ["**/*.test.ts", "**/*.test.tsx"],
      transform: { "^.+\\.tsx?$": tsJest },
    },
  ],
};
