/**
 * A classification's code tree. OSCA and ANZSCO codes are hierarchical by prefix (1, 12, 121,
 * 1211, 121111), but parents are taken from the structure table rather than assumed.
 */
import type { StructureNode } from "./types";

export class Hierarchy {
  private readonly titles = new Map<string, string>();
  private readonly parents = new Map<string, string>();
  private readonly childCounts = new Map<string, number>();
  private readonly lineages = new Map<string, readonly string[]>();

  constructor(nodes: readonly StructureNode[]) {
    for (const node of nodes) {
      this.titles.set(node.code, node.title);
      if (node.parentCode) {
        this.parents.set(node.code, node.parentCode);
        this.childCounts.set(node.parentCode, (this.childCounts.get(node.parentCode) ?? 0) + 1);
      }
    }
  }

  title(code: string): string | undefined {
    return this.titles.get(code);
  }

  has(code: string): boolean {
    return this.titles.has(code);
  }

  /** The code itself, then its parent, up to the major group. */
  lineage(code: string): readonly string[] {
    let lineage = this.lineages.get(code);
    if (!lineage) {
      const chain: string[] = [];
      for (let current: string | undefined = code; current; current = this.parents.get(current)) chain.push(current);
      lineage = chain;
      if (this.titles.has(code)) this.lineages.set(code, lineage);
    }
    return lineage;
  }

  codes(): IterableIterator<string> {
    return this.titles.keys();
  }

  isLeaf(code: string): boolean {
    return !this.childCounts.has(code);
  }
}
