/**
 * Offline checks of the XML add-in manifest (Microsoft's validator needs its web service).
 * Each check returns the problems it finds, so tests can also prove it catches a broken manifest.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

export function parseProblem(xml: string): string | undefined {
  const result = XMLValidator.validate(xml);
  return result === true ? undefined : `${result.err.code}: ${result.err.msg} (line ${result.err.line})`;
}

/** resid attributes that name no bt:Image, bt:Url or bt:String id. */
export function brokenResids(xml: string): string[] {
  const declared = new Set([...xml.matchAll(/<bt:(?:Image|Url|String)\s+id="([^"]+)"/g)].map((m) => m[1]));
  const used = [...xml.matchAll(/\bresid="([^"]+)"/g)].map((m) => m[1]);
  return [...new Set(used.filter((id) => !declared.has(id)))];
}

/** Every absolute URL in the manifest (attribute values and AppDomain text), comments excluded. */
export function manifestUrls(xml: string): string[] {
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, "");
  const attributeUrls = [...withoutComments.matchAll(/DefaultValue="(https?:\/\/[^"]+)"/g)].map((m) => m[1]);
  const domains = [...withoutComments.matchAll(/<AppDomain>([^<]+)<\/AppDomain>/g)].map((m) => m[1].trim());
  return [...attributeUrls, ...domains];
}

/** URLs that do not start with the one base the add-in is served from. */
export function urlsOutsideBase(xml: string, base: string): string[] {
  const origin = base.replace(/\/+$/, "");
  return manifestUrls(xml).filter((url) => url !== origin && !url.startsWith(origin + "/"));
}

export function manifestVersion(xml: string): string | undefined {
  return /<Version>([^<]+)<\/Version>/.exec(xml)?.[1].trim();
}

/** The parsed OfficeApp element, for structural assertions. */
export function parseManifest(xml: string): Record<string, unknown> {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });
  return parser.parse(xml).OfficeApp as Record<string, unknown>;
}
