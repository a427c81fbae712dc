/**
 * Builds the add-in: one shared-runtime page (taskpane.html) that loads the task pane,
 * the custom functions and the ribbon commands, plus functions.json generated from JSDoc
 * and the manifest with its development URLs rewritten for deployment.
 */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const DEV_ORIGIN = "https://localhost:3000";
const DEV_PORT = 3000;

/**
 * Rewrites every occurrence of the development origin in the manifest to the deployment URL.
 * (The Microsoft template's String.replace with a string only rewrites the first one.)
 */
function rewriteDevUrls(manifestXml, publicUrl) {
  if (!publicUrl) return manifestXml;
  const parsed = new URL(publicUrl);
  if (parsed.protocol !== "https:") {
    throw new Error(
      `ADDIN_PUBLIC_URL must be an https:// URL (Office only loads add-ins over HTTPS), got ${publicUrl}`,
    );
  }
  const origin = publicUrl.replace(/\/+$/, "");
  return manifestXml.split(DEV_ORIGIN).join(origin);
}

async function devServerHttpsOptions() {
  // Only `webpack serve` needs certificates; `npm run build` never calls this.
  const devCerts = require("office-addin-dev-certs");
  const { ca, key, cert } = await devCerts.getHttpsServerOptions();
  return { ca, key, cert };
}

module.exports = async (env) => {
  const serving = Boolean(env && env.WEBPACK_SERVE);
  const publicUrl = process.env.ADDIN_PUBLIC_URL || "";
  return {
    devtool: "source-map",
    entry: {
      taskpane: "./src/addin/taskpane/index.tsx",
      functions: "./src/addin/functions/functions.ts",
      commands: "./src/addin/commands/commands.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
    },
    module: {
      rules: [
        // Classification tables ship as text for ABS.TITLE; they are parsed once in the browser.
        { test: /\.csv$/, type: "asset/source" },
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              configFile: "tsconfig.json",
              compilerOptions: { module: "esnext", sourceMap: true },
            },
          },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        output: "functions.json",
        input: "./src/addin/functions/functions.ts",
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/addin/taskpane/taskpane.html",
        chunks: ["taskpane", "functions", "commands"],
      }),
      new HtmlWebpackPlugin({
        filename: "help.html",
        template: "./src/addin/help.html",
        chunks: [],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => rewriteDevUrls(content.toString(), publicUrl),
          },
        ],
      }),
    ],
    devServer: serving
      ? {
          static: { directory: path.resolve(__dirname, "dist") },
          headers: { "Access-Control-Allow-Origin": "*" },
          server: { type: "https", options: await devServerHttpsOptions() },
          port: DEV_PORT,
        }
      : undefined,
  };
};

module.exports.rewriteDevUrls = rewriteDevUrls;
module.exports.DEV_ORIGIN = DEV_ORIGIN;
