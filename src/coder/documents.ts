/**
 * Turns the classification data into the documents each coding engine indexes: titles (with a
 * weight for how directly they name an occupation) and, per occupation, its task text.
 * ANZSCO 2022 documents are its own titles plus the OSCA index carried over the ABS correspondence.
 */
import { anzscoTitleDocuments } from "./anzsco-titles";
import { titleTokens } from "./normalise";
import type { ClassificationData, StructureNode, TitleCategory, TitleIndexEntry } from "./types";

export interface TitleDocument {
  code: string;
  text: string;
  weight: number;
  /** The OSCA title index entry it came from, if any (leave-one-out removes by this). */
  source?: TitleIndexEntry;
  /** A residual category's own title ("... nec"). */
  residual?: boolean;
  /** The ANZSCO 2022 code whose title this is, for ANZSCO titles carried over to OSCA codes. */
  anzscoCode?: string;
  /** A lesser correspondence link: the title is never an exact match for this code. */
  secondary?: boolean;
}

/** Words of a title in a fixed order: two titles with the same key say the same thing. */
export function titleKey(text: string): string {
  return titleTokens(text).sort().join(" ");
}

/**
 * Whether leaving an OSCA index entry out (leave-one-out evaluation) removes this title document,
 * given that both have the same title key: the entry's own document, an identical title of the
 * same occupation, and an ANZSCO title reading the same wherever the correspondence points it.
 */
export function leftOutWithEntry(doc: TitleDocument, entry: TitleIndexEntry): boolean {
  return doc.source === entry || (doc.source !== undefined && doc.code === entry.code) || doc.anzscoCode !== undefined;
}

export interface TaskDocument {
  code: string;
  /** Task statements and lead statements, kept apart so shared ones are tokenised once. */
  texts: string[];
}

export interface EngineDocuments {
  nodes: StructureNode[];
  titles: TitleDocument[];
  tasks: TaskDocument[];
}

/** How much a title match is worth by the kind of title: the principal title names the
 * occupation itself; a specialisation or nec title names a narrower or looser job. */
export const TITLE_CATEGORY_WEIGHT: Record<TitleCategory, number> = {
  "Principal Title": 1,
  "Alternative Title": 0.98,
  Specialisation: 0.95,
  "Occupation in nec category": 0.95,
};
/** A match on a group title (e.g. unit group "Registered Nurses") codes to the group itself and
 * must lose to an equally good occupation title. */
const GROUP_TITLE_WEIGHT: Record<number, number> = { 4: 0.9, 3: 0.85, 2: 0.8, 1: 0.75 };
const OCCUPATION_CODE_LENGTH = 6;

function groupTitleDocuments(nodes: readonly StructureNode[]): TitleDocument[] {
  return nodes
    .filter((node) => node.code.length < OCCUPATION_CODE_LENGTH)
    .map((node) => ({ code: node.code, text: node.title, weight: GROUP_TITLE_WEIGHT[node.code.length] ?? 0.75 }));
}

/** Main tasks plus the lead statements of the occupation and its unit group, per OSCA occupation. */
function oscaTaskText(data: ClassificationData): Map<string, string[]> {
  const leadStatements = new Map(data.oscaLeadStatements.map((row) => [row.code, row.statement]));
  const texts = new Map<string, string[]>();
  for (const node of data.oscaStructure) {
    if (node.code.length !== OCCUPATION_CODE_LENGTH) continue;
    texts.set(node.code, [leadStatements.get(node.code) ?? "", leadStatements.get(node.parentCode) ?? ""]);
  }
  for (const { code, task } of data.oscaMainTasks) texts.get(code)?.push(task);
  return texts;
}

/** A residual category's own title ("Registered Nurses nec") names what is left over in a unit
 * group, so a bare "registered nurse" should go to the unit group, not to the residual code. */
const RESIDUAL_TITLE_WEIGHT = 0.85;

export function isResidualTitle(title: string): boolean {
  return /\bnec$/i.test(title.trim());
}

function titleWeight(entry: TitleIndexEntry): number {
  return isResidualTitle(entry.title) ? RESIDUAL_TITLE_WEIGHT : TITLE_CATEGORY_WEIGHT[entry.category];
}

export function oscaDocuments(data: ClassificationData): EngineDocuments {
  const titles: TitleDocument[] = data.oscaTitleIndex.map((entry) => ({
    code: entry.code,
    text: entry.title,
    weight: titleWeight(entry),
    source: entry,
    residual: isResidualTitle(entry.title),
  }));
  titles.push(...groupTitleDocuments(data.oscaStructure));
  for (const doc of anzscoTitleDocuments(data)) {
    const residual = isResidualTitle(doc.text);
    titles.push({ ...doc, weight: residual ? Math.min(doc.weight, RESIDUAL_TITLE_WEIGHT) : doc.weight, residual });
  }
  const tasks = [...oscaTaskText(data)].map(([code, texts]) => ({ code, texts }));
  return { nodes: data.oscaStructure, titles, tasks };
}

function sharedTokenCount(a: ReadonlySet<string>, b: readonly string[]): number {
  return b.filter((token) => a.has(token)).length;
}

/**
 * ANZSCO documents: ANZSCO titles, and each OSCA index title carried to the ANZSCO occupations
 * that correspond to its OSCA occupation. Where an OSCA occupation splits over several ANZSCO
 * ones, the title goes to those whose titles share most words with it (all of them if none do),
 * so "Registered Nurse (Perioperative)" lands on the matching ANZSCO nurse, not on every nurse.
 */
export function anzscoDocuments(data: ClassificationData): EngineDocuments {
  const anzscoTitles = new Map(data.anzscoStructure.map((node) => [node.code, node.title]));
  const anzscoCodesOf = new Map<string, string[]>();
  for (const link of data.correspondence) {
    const codes = anzscoCodesOf.get(link.oscaCode) ?? [];
    codes.push(link.anzscoCode);
    anzscoCodesOf.set(link.oscaCode, codes);
  }

  const titles: TitleDocument[] = data.anzscoStructure
    .filter((node) => node.code.length === OCCUPATION_CODE_LENGTH)
    .map((node) => ({
      code: node.code,
      text: node.title,
      weight: isResidualTitle(node.title) ? RESIDUAL_TITLE_WEIGHT : TITLE_CATEGORY_WEIGHT["Principal Title"],
      residual: isResidualTitle(node.title),
    }));
  titles.push(...groupTitleDocuments(data.anzscoStructure));

  const anzscoTitleTokens = new Map([...anzscoTitles].map(([code, title]) => [code, titleTokens(title)]));
  for (const entry of data.oscaTitleIndex) {
    const candidates = anzscoCodesOf.get(entry.code) ?? [];
    const entryTokens = new Set(candidates.length > 1 ? titleTokens(entry.title) : []);
    const overlaps = candidates.map((code) => sharedTokenCount(entryTokens, anzscoTitleTokens.get(code) ?? []));
    const best = Math.max(0, ...overlaps);
    candidates
      .filter((_, i) => overlaps[i] === best)
      .forEach((code) =>
        titles.push({
          code,
          text: entry.title,
          weight: titleWeight(entry),
          source: entry,
          residual: isResidualTitle(entry.title),
        }),
      );
  }

  const oscaTasks = oscaTaskText(data);
  const anzscoTasks = new Map<string, string[]>();
  for (const [oscaCode, texts] of oscaTasks) {
    for (const anzscoCode of anzscoCodesOf.get(oscaCode) ?? []) {
      const list = anzscoTasks.get(anzscoCode) ?? [];
      list.push(...texts);
      anzscoTasks.set(anzscoCode, list);
    }
  }
  const tasks = [...anzscoTasks].map(([code, texts]) => ({ code, texts }));
  return { nodes: data.anzscoStructure, titles, tasks };
}
