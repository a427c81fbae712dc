/**
 * The add-in's one door to the Office host for start-up and theming.
 * Everything else receives plain values from here and never touches `Office` itself.
 */

export interface HostInfo {
  /** "Excel" inside Office; "none" when the page is opened in a plain browser. */
  host: string;
  platform: string;
  /** True when Office says its theme is dark, so the task pane can follow it. */
  darkTheme: boolean;
}

/** Resolves once Office.js is ready, or at once outside Office (a plain browser tab). */
export async function whenOfficeReady(): Promise<HostInfo> {
  if (typeof Office === "undefined") return { host: "none", platform: "browser", darkTheme: false };
  const info = await Office.onReady();
  return {
    host: info.host ? String(info.host) : "none",
    platform: info.platform ? String(info.platform) : "unknown",
    darkTheme: isDarkOfficeTheme(),
  };
}

function isDarkOfficeTheme(): boolean {
  const theme = Office.context?.officeTheme;
  if (!theme?.bodyBackgroundColor) return false;
  return relativeLuminance(theme.bodyBackgroundColor) < 0.4;
}

/** Luminance of a #rrggbb colour in [0, 1]. */
export function relativeLuminance(hex: string): number {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) return 1;
  const [r, g, b] = match.slice(1).map((part) => parseInt(part, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
