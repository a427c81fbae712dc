/** Local OSCA 2024 / ANZSCO 2022 occupation coder used by the ABS simulator. */
export type {
  Classification,
  ClassificationData,
  CodeCandidate,
  CodeOptions,
  CoderInput,
  CoderResult,
  CorrespondenceLink,
  OccupationCoder,
  StructureNode,
  Synonym,
  TitleCategory,
  TitleIndexEntry,
} from "./types";
export {
  createCoder,
  createLeaveOneOutCoder,
  DEFAULT_MAX_CANDIDATES,
  MAX_CANDIDATES_LIMIT,
  type CreateCoderOptions,
  type LeaveOneOutCoder,
} from "./coder";
export { DEFAULT_DATA_DIR, loadClassificationData } from "./load-data";
export { buildTitleMaps, titlesFromStructureCsv, type TitleMaps } from "./titles";
export { parseCsv, parseCsvRecords } from "./csv";
