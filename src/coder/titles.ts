/**
 * Code → title maps for OSCA 2024 and ANZSCO 2022 at every level, from the structure CSVs.
 * Pure (text in, objects out) so the add-in can bundle the result as JSON for ABS.TITLE.
 */
import { parseCsvRecords } from "./csv";
import type { StructureNode } from "./types";

export interface TitleMaps {
  osca: Record<string, string>;
  anzsco: Record<string, string>;
}

/** Structure rows (code,level,title,parent_code,...) as nodes. */
export function structureNodes(rows: readonly Record<string, string>[]): StructureNode[] {
  return rows.map((row) => ({ code: row.code, title: row.title, parentCode: row.parent_code ?? "" }));
}

/** Code → title for one structure CSV's text. */
export function titlesFromStructureCsv(csvText: string): Record<string, string> {
  const titles: Record<string, string> = {};
  for (const node of structureNodes(parseCsvRecords(csvText))) titles[node.code] = node.title;
  return titles;
}

/** Both classifications' code → title maps from the two structure CSVs' text. */
export function buildTitleMaps(oscaStructureCsv: string, anzscoStructureCsv: string): TitleMaps {
  return {
    osca: titlesFromStructureCsv(oscaStructureCsv),
    anzsco: titlesFromStructureCsv(anzscoStructureCsv),
  };
}
