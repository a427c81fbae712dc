/**
 * Code → title for OSCA 2024 and ANZSCO 2022, from the structure tables the coder ships.
 * The CSVs are bundled as text (webpack asset/source) and parsed once, on first use.
 */
import oscaStructureCsv from "../../coder/data/osca_2024_structure.csv";
import anzscoStructureCsv from "../../coder/data/anzsco_2022_structure.csv";
import { buildTitleMaps, type TitleMaps } from "../../coder/titles";
import type { Topic } from "../../shared/api";

let maps: TitleMaps | undefined;

export function classificationTitle(code: string, topic: Topic): string | undefined {
  maps ??= buildTitleMaps(oscaStructureCsv, anzscoStructureCsv);
  return maps[topic][code];
}
