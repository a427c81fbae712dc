/** Jest: Node tests for the server, simulator and coder; jsdom for the add-in's browser code. */
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json" }];

module.exports = {
  reporters: ["default", "<rootDir>/test/support/summaryReporter.js"],
  projects: [
    {
      displayName: "node",
      testEnvironment: "node",
      roots: ["<rootDir>/test"],
      testMatch: ["**/*.test.ts"],
      testPathIgnorePatterns: ["/test/addin/", "/test/browser/"],
      transform: { "^.+\\.tsx?$": tsJest, "^.+\\.csv$": "<rootDir>/test/support/rawTextTransform.js" },
    },
    {
      displayName: "addin",
      testEnvironment: "jsdom",
      roots: ["<rootDir>/test/addin"],
      testMatch: ["**/*.test.ts", "**/*.test.tsx"],
      transform: { "^.+\\.tsx?$": tsJest, "^.+\\.csv$": "<rootDir>/test/support/rawTextTransform.js" },
    },
    {
      // Real Chromium against the real backend and simulator (see test/browser/support/chromium.ts).
      displayName: "browser",
      testEnvironment: "node",
      roots: ["<rootDir>/test/browser"],
      testMatch: ["**/*.e2e.test.ts"],
      transform: { "^.+\\.tsx?$": tsJest, "^.+\\.csv$": "<rootDir>/test/support/rawTextTransform.js" },
    },
  ],
};
