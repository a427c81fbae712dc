/** Record cleaning: what ABS accepts, and a report of every change. */
import { cleanRecord, normaliseForKey } from "../../src/shared/cleaning";

const PRINTABLE = /^[\x20-\x7E]*$/;

describe("cleanRecord", () => {
  test("typographic punctuation and accents become plain ASCII, and the change is reported", () => {
    const outcome = cleanRecord({ occp_text: "Café manager – “night” shift", tasks_text: "runs the café’s kitchen…" });
    expect(outcome.ok).toBe(true);
    expect(outcome.report).toMatchObject({
      occp_text: 'Cafe manager - "night" shift',
      tasks_text: "runs the cafe's kitchen...",
    });
    expect(outcome.report.changes.join("; ")).toMatch(/job title with plain ASCII.*tasks with plain ASCII/);
  });

  test("letters without a decomposition use the map; anything else unprintable is removed and reported", () => {
    const outcome = cleanRecord({
      occp_text: "Straßenbahnfahrer Ærøskøbing\u0007 ™ 😀",
      tasks_text: "\u200bdrives\ttrams\n",
    });
    expect(outcome.report.occp_text).toBe("Strassenbahnfahrer AEroskobing TM");
    expect(outcome.report.tasks_text).toBe("drives trams");
    expect(PRINTABLE.test(outcome.report.occp_text + outcome.report.tasks_text)).toBe(true);
    expect(outcome.report.changes.some((c) => /removed \d+ character/.test(c))).toBe(true);
  });

  test("whitespace is collapsed and reported; clean text is left alone with no report", () => {
    expect(cleanRecord({ occp_text: "  truck   driver " }).report).toMatchObject({
      occp_text: "truck driver",
      changes: ["tidied whitespace in job title"],
    });
    expect(cleanRecord({ occp_text: "truck driver", tasks_text: "drives trucks" }).report.changes).toEqual([]);
  });

  test("over 100 characters combined: tasks are shortened first, at a word boundary", () => {
    const outcome = cleanRecord({
      occp_text: "Registered nurse",
      tasks_text: "provides patient care in the emergency department, administers medication and monitors vital signs",
    });
    const { occp_text, tasks_text, changes } = outcome.report;
    expect(occp_text).toBe("Registered nurse");
    expect(occp_text.length + tasks_text.length).toBeLessThanOrEqual(100);
    expect(tasks_text.endsWith(" ")).toBe(false);
    expect(
      "provides patient care in the emergency department, administers medication and monitors vital signs".startsWith(
        tasks_text,
      ),
    ).toBe(true);
    expect(changes.join(" ")).toMatch(/shortened tasks from 98 to \d+ characters/);
  });

  test("a title longer than 100 characters drops the tasks and is shortened itself", () => {
    const title = "senior principal specialist ".repeat(5).trim();
    const outcome = cleanRecord({ occp_text: title, tasks_text: "many tasks" });
    expect(outcome.report.tasks_text).toBe("");
    expect(outcome.report.occp_text.length).toBeLessThanOrEqual(100);
    expect(outcome.report.changes.join(" ")).toMatch(/dropped tasks.*shortened job title/);
  });

  test("an empty title (or one with nothing ABS can read) is an empty_input error", () => {
    for (const occp_text of ["", "   ", "\u200b\u200b", "😀"]) {
      const outcome = cleanRecord({ occp_text, tasks_text: "does things" });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.reason).toBe("empty_input");
    }
  });

  test("the cache key text ignores case and spacing", () => {
    const a = cleanRecord({ occp_text: "Bricklayer ", tasks_text: "Lays  bricks" });
    const b = cleanRecord({ occp_text: "bricklayer", tasks_text: "lays bricks" });
    expect(normaliseForKey(a.report)).toBe(normaliseForKey(b.report));
  });
});
