/**
 * Records waiting for an upstream request, one lane per topic (a request codes one topic) and,
 * inside it, one line per team served round-robin, so a team with 50,000 records cannot keep
 * another team's ten cells waiting for a whole day's quota.
 */
export interface Queued {
  topic: string;
  team: string;
  enqueuedAt: number;
}

export class FairQueue<T extends Queued> {
  /** topic -> team -> waiting items, in arrival order. Map order is the round-robin order. */
  private readonly lanes = new Map<string, Map<string, T[]>>();
  private count = 0;
  private readonly lastServed = new Map<string, string>();

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    this.line(item.topic, item.team).push(item);
    this.count++;
  }

  /** Puts items back at the head of their lines (a batch that could not be sent). */
  unshift(items: T[]): void {
    for (const item of [...items].reverse()) {
      this.line(item.topic, item.team).unshift(item);
      this.count++;
    }
  }

  /** The topic whose first waiting item has waited longest. */
  oldest(): T | undefined {
    let oldest: T | undefined;
    for (const teams of this.lanes.values()) {
      for (const line of teams.values()) {
        const head = line[0];
        if (head && (!oldest || head.enqueuedAt < oldest.enqueuedAt)) oldest = head;
      }
    }
    return oldest;
  }

  countFor(topic: string): number {
    let n = 0;
    for (const line of this.lanes.get(topic)?.values() ?? []) n += line.length;
    return n;
  }

  /** Up to `max` items of one topic, one per team in turn, starting after the team served last. */
  take(topic: string, max: number): T[] {
    const teams = this.lanes.get(topic);
    const taken: T[] = [];
    if (!teams) return taken;
    let order = this.rotation(topic, [...teams.keys()]);
    while (taken.length < max && order.length > 0) {
      for (const team of order) {
        if (taken.length >= max) break;
        const line = teams.get(team)!;
        taken.push(line.shift()!);
        this.lastServed.set(topic, team);
        if (line.length === 0) teams.delete(team);
      }
      order = order.filter((team) => teams.has(team));
    }
    if (teams.size === 0) this.lanes.delete(topic);
    this.count -= taken.length;
    return taken;
  }

  private rotation(topic: string, teams: string[]): string[] {
    const at = teams.indexOf(this.lastServed.get(topic) ?? "");
    return at < 0 ? teams : [...teams.slice(at + 1), ...teams.slice(0, at + 1)];
  }

  /** Removes and returns every item matching `predicate` (e.g. all of one team's). */
  remove(predicate: (item: T) => boolean): T[] {
    const removed: T[] = [];
    for (const [topic, teams] of this.lanes) {
      for (const [team, line] of teams) {
        const keep = line.filter((item) => !predicate(item) || (removed.push(item), false));
        if (keep.length === 0) teams.delete(team);
        else teams.set(team, keep);
      }
      if (teams.size === 0) this.lanes.delete(topic);
    }
    this.count -= removed.length;
    return removed;
  }

  teams(topic: string): string[] {
    return [...(this.lanes.get(topic)?.keys() ?? [])];
  }

  private line(topic: string, team: string): T[] {
    let teams = this.lanes.get(topic);
    if (!teams) this.lanes.set(topic, (teams = new Map()));
    let line = teams.get(team);
    if (!line) teams.set(team, (line = []));
    return line;
  }
}
