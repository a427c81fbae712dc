/**
 * ANZSCO 2022 titles as OSCA coding-index entries, carried over the ABS correspondence: people
 * still describe their job in ANZSCO words ("Retail Supervisor", "Software Engineer"), so each
 * ANZSCO occupation title points to the OSCA occupation(s) the correspondence links it to.
 *
 * An ANZSCO occupation linked to one OSCA occupation names it outright. One split over several
 * is weighted by how exclusive each link is: its primary links (the OSCA occupations whose titles
 * share most words with the ANZSCO title) keep the full weight, the others weigh less and never
 * count as an exact title match. Primary links that tie share the title, so the coder backs off
 * to their common group rather than pick one by code order. The `partial` flag does not rank
 * links: an ANZSCO occupation that is only part of an OSCA one (ANZSCO Software Engineer within
 * OSCA Software Engineer) is as good a home for its title as an OSCA occupation carved out of it.
 * ANZSCO unit-group titles point to the OSCA unit group that takes most of their occupations.
 */
import { titleTokens } from "./normalise";
import type { ClassificationData, CorrespondenceLink, StructureNode } from "./types";

export interface AnzscoTitleDocument {
  /** OSCA code the title points to. */
  code: string;
  text: string;
  weight: number;
  /** The ANZSCO 2022 code whose title this is. */
  anzscoCode: string;
  /** A lesser link of a split ANZSCO occupation: the title does not name this code outright. */
  secondary: boolean;
}

const OCCUPATION_CODE_LENGTH = 6;
const UNIT_GROUP_CODE_LENGTH = 4;
/** An ANZSCO occupation title is an alternative wording, a shade below OSCA's own titles. */
const EXCLUSIVE_LINK_WEIGHT = 0.96;
/** A secondary link of a split ANZSCO occupation: right, but not the first answer. */
const SECONDARY_LINK_WEIGHT = 0.84;
/** An ANZSCO unit-group title codes to an OSCA unit group (OSCA's own group titles weigh 0.9). */
const UNIT_GROUP_LINK_WEIGHT = 0.86;
/** Share of an ANZSCO unit group's occupation links that one OSCA unit group must take. */
const UNIT_GROUP_MAJORITY = 0.6;

function overlap(a: readonly string[], b: ReadonlySet<string>): number {
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return shared;
}

function linksByAnzscoCode(correspondence: readonly CorrespondenceLink[]): Map<string, CorrespondenceLink[]> {
  const links = new Map<string, CorrespondenceLink[]>();
  for (const link of correspondence) {
    const list = links.get(link.anzscoCode) ?? [];
    list.push(link);
    links.set(link.anzscoCode, list);
  }
  return links;
}

/** Links of one ANZSCO occupation, each marked primary (most shared title words) or not. */
function rankedLinks(
  anzscoTitle: string,
  links: readonly CorrespondenceLink[],
  oscaTitles: ReadonlyMap<string, string>,
): { link: CorrespondenceLink; primary: boolean }[] {
  const words = new Set(titleTokens(anzscoTitle));
  const rank = (link: CorrespondenceLink): number => overlap(titleTokens(oscaTitles.get(link.oscaCode) ?? ""), words);
  const best = Math.max(...links.map(rank));
  return links.map((link) => ({ link, primary: rank(link) === best }));
}

function occupationDocuments(
  anzscoOccupations: readonly StructureNode[],
  links: ReadonlyMap<string, CorrespondenceLink[]>,
  oscaTitles: ReadonlyMap<string, string>,
): AnzscoTitleDocument[] {
  const documents: AnzscoTitleDocument[] = [];
  for (const node of anzscoOccupations) {
    for (const { link, primary } of rankedLinks(node.title, links.get(node.code) ?? [], oscaTitles)) {
      documents.push({
        code: link.oscaCode,
        text: node.title,
        weight: primary ? EXCLUSIVE_LINK_WEIGHT : SECONDARY_LINK_WEIGHT,
        anzscoCode: node.code,
        secondary: !primary,
      });
    }
  }
  return documents;
}

function unitGroupDocuments(
  anzscoUnits: readonly StructureNode[],
  correspondence: readonly CorrespondenceLink[],
): AnzscoTitleDocument[] {
  const oscaUnitCounts = new Map<string, Map<string, number>>();
  for (const link of correspondence) {
    const unit = link.anzscoCode.slice(0, UNIT_GROUP_CODE_LENGTH);
    const counts = oscaUnitCounts.get(unit) ?? new Map<string, number>();
    const oscaUnit = link.oscaCode.slice(0, UNIT_GROUP_CODE_LENGTH);
    counts.set(oscaUnit, (counts.get(oscaUnit) ?? 0) + 1);
    oscaUnitCounts.set(unit, counts);
  }
  const documents: AnzscoTitleDocument[] = [];
  for (const node of anzscoUnits) {
    const counts = oscaUnitCounts.get(node.code);
    if (!counts) continue;
    let total = 0;
    let best: [string, number] = ["", 0];
    for (const entry of counts) {
      total += entry[1];
      if (entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry;
    }
    if (best[1] / total >= UNIT_GROUP_MAJORITY) {
      documents.push({
        code: best[0],
        text: node.title,
        weight: UNIT_GROUP_LINK_WEIGHT,
        anzscoCode: node.code,
        secondary: false,
      });
    }
  }
  return documents;
}

/** ANZSCO 2022 occupation and unit-group titles as title documents for OSCA codes. */
export function anzscoTitleDocuments(data: ClassificationData): AnzscoTitleDocument[] {
  const oscaTitles = new Map(data.oscaStructure.map((node) => [node.code, node.title]));
  const links = linksByAnzscoCode(data.correspondence);
  const validLinks = data.correspondence.filter((link) => oscaTitles.has(link.oscaCode));
  return [
    ...occupationDocuments(
      data.anzscoStructure.filter((node) => node.code.length === OCCUPATION_CODE_LENGTH),
      links,
      oscaTitles,
    ),
    ...unitGroupDocuments(
      data.anzscoStructure.filter((node) => node.code.length === UNIT_GROUP_CODE_LENGTH),
      validLinks,
    ),
  ].filter((doc) => oscaTitles.has(doc.code));
}
