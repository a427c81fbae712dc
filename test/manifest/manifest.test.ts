import fs from "node:fs";
import path from "node:path";
import {
  brokenResids,
  manifestUrls,
  manifestVersion,
  parseManifest,
  parseProblem,
  urlsOutsideBase,
} from "./manifestChecks";

const root = path.resolve(__dirname, "../..");
const manifest = fs.readFileSync(path.join(root, "manifest.xml"), "utf8");
const packageVersion: string = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
const { rewriteDevUrls, DEV_ORIGIN } = require("../../webpack.config.js");

describe("manifest.xml", () => {
  test("is well-formed XML", () => {
    expect(parseProblem(manifest)).toBeUndefined();
  });

  test("every resid resolves to a declared resource", () => {
    expect(brokenResids(manifest)).toEqual([]);
  });

  test("every URL is served from the one development origin", () => {
    expect(manifestUrls(manifest).length).toBeGreaterThan(5);
    expect(urlsOutsideBase(manifest, DEV_ORIGIN)).toEqual([]);
  });

  test("its Version equals package.json's version", () => {
    expect(manifestVersion(manifest)).toBe(packageVersion);
  });

  test("declares the shared runtime with a long lifetime", () => {
    expect(manifest).toMatch(/<Set Name="SharedRuntime" MinVersion="1\.1"\s*\/>/);
    expect(manifest).toMatch(/<Runtime resid="Taskpane\.Url" lifetime="long"\s*\/>/);
    // Task pane, custom functions and commands all load the same page: that is what "shared" means.
    expect(manifest).toMatch(/<FunctionFile resid="Taskpane\.Url"\s*\/>/);
    expect(manifest).toMatch(/<Page>\s*<SourceLocation resid="Taskpane\.Url"\s*\/>\s*<\/Page>/);
  });

  test("declares custom functions in the ABS namespace with script and metadata", () => {
    expect(manifest).toMatch(/<Namespace resid="Functions\.Namespace"\s*\/>/);
    expect(manifest).toMatch(/<bt:String id="Functions\.Namespace" DefaultValue="ABS"\s*\/>/);
    expect(manifest).toMatch(/<Script>\s*<SourceLocation resid="Functions\.Script\.Url"\s*\/>/);
    expect(manifest).toMatch(/<Metadata>\s*<SourceLocation resid="Functions\.Metadata\.Url"\s*\/>/);
  });

  test("asks for ReadWriteDocument and opens the task pane from a ribbon button", () => {
    const app = parseManifest(manifest);
    expect(app.Permissions).toBe("ReadWriteDocument");
    expect(manifest).toMatch(/<Action xsi:type="ShowTaskpane">[\s\S]*?<SourceLocation resid="Taskpane\.Url"\s*\/>/);
  });

  test("lists the backend origin in AppDomains", () => {
    expect(manifest).toContain(`<AppDomain>${DEV_ORIGIN}</AppDomain>`);
  });

  test("every icon it names exists in assets/ at the size it claims", () => {
    const icons = [...manifest.matchAll(/assets\/(icon-(\d+)\.png)/g)];
    expect(icons.length).toBeGreaterThanOrEqual(5);
    for (const [, file, size] of icons) {
      const png = fs.readFileSync(path.join(root, "assets", file));
      // PNG IHDR: width and height are the big-endian words at bytes 16 and 20.
      expect([file, png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([file, Number(size), Number(size)]);
    }
  });
});

describe("the manifest checks catch a broken manifest", () => {
  test("a resid that names no resource", () => {
    const broken = manifest.replace('resid="Functions.Script.Url"', 'resid="Functions.Script.Missing"');
    expect(brokenResids(broken)).toEqual(["Functions.Script.Missing"]);
  });

  test("a URL that points elsewhere", () => {
    const broken = manifest.replace("https://localhost:3000/functions.json", "https://cdn.example.com/functions.json");
    expect(urlsOutsideBase(broken, DEV_ORIGIN)).toEqual(["https://cdn.example.com/functions.json"]);
  });

  test("a version that drifted from package.json", () => {
    const broken = manifest.replace(`<Version>${packageVersion}</Version>`, "<Version>9.9.9</Version>");
    expect(manifestVersion(broken)).not.toBe(packageVersion);
  });

  test("XML that does not parse", () => {
    expect(parseProblem(manifest.replace("</Hosts>", "</Hostz>"))).toBeDefined();
  });
});

describe("deployment URL rewriting", () => {
  test("rewrites every occurrence of the development origin, not only the first", () => {
    const rewritten: string = rewriteDevUrls(manifest, "https://coder.example.gov.au/");
    expect(rewritten).not.toContain(DEV_ORIGIN);
    expect(urlsOutsideBase(rewritten, "https://coder.example.gov.au")).toEqual([]);
    expect(manifestUrls(rewritten)).toHaveLength(manifestUrls(manifest).length);
    expect(rewritten).toContain("<AppDomain>https://coder.example.gov.au</AppDomain>");
  });

  test("leaves the manifest alone when no deployment URL is set", () => {
    expect(rewriteDevUrls(manifest, "")).toBe(manifest);
  });

  test("refuses a non-HTTPS deployment URL", () => {
    expect(() => rewriteDevUrls(manifest, "http://coder.example.gov.au/")).toThrow(/https/);
  });
});

describe("the built add-in (dist/, made by `npm run build`)", () => {
  const dist = path.join(root, "dist");

  test("contains the shared-runtime page, scripts, metadata and manifest", () => {
    for (const file of [
      "taskpane.html",
      "taskpane.js",
      "functions.js",
      "commands.js",
      "functions.json",
      "manifest.xml",
      "help.html",
    ]) {
      expect([file, fs.existsSync(path.join(dist, file))]).toEqual([file, true]);
    }
  });

  test("taskpane.html loads the task pane, functions and commands bundles in one page", () => {
    const html = fs.readFileSync(path.join(dist, "taskpane.html"), "utf8");
    for (const bundle of ["taskpane.js", "functions.js", "commands.js"]) expect(html).toContain(bundle);
    expect(html).toContain("appsforoffice.microsoft.com/lib/1/hosted/office.js");
  });

  test("functions.json declares ABS.CODE with its parameters", () => {
    const metadata = JSON.parse(fs.readFileSync(path.join(dist, "functions.json"), "utf8"));
    const code = metadata.functions.find((fn: { id: string }) => fn.id === "CODE");
    expect(code).toBeDefined();
    expect(code.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["jobTitle", "tasks"]));
    expect(code.parameters.find((p: { name: string }) => p.name === "tasks").optional).toBe(true);
  });

  test("functions.js registers every function in functions.json", () => {
    const script = fs.readFileSync(path.join(dist, "functions.js"), "utf8");
    const metadata = JSON.parse(fs.readFileSync(path.join(dist, "functions.json"), "utf8"));
    for (const fn of metadata.functions as { id: string }[]) expect(script).toContain(`associate("${fn.id}"`);
  });

  test("the bundle holds no secrets or token endpoint", () => {
    const bundles = ["taskpane.js", "functions.js", "commands.js"]
      .map((f) => fs.readFileSync(path.join(dist, f), "utf8"))
      .join("\n");
    expect(bundles).not.toMatch(/oauth2\/token|client_secret|ABS_CLIENT_SECRET/i);
  });
});
