import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildTitleMaps, titlesFromStructureCsv } from "../../src/coder/titles";

const DATA = join(__dirname, "../../src/coder/data");

describe("title maps from the structure CSVs", () => {
  const maps = buildTitleMaps(
    readFileSync(join(DATA, "osca_2024_structure.csv"), "utf8"),
    readFileSync(join(DATA, "anzsco_2022_structure.csv"), "utf8"),
  );

  it("holds every OSCA 2024 and ANZSCO 2022 code at every level", () => {
    expect(Object.keys(maps.osca)).toHaveLength(1749);
    expect(Object.keys(maps.anzsco)).toHaveLength(1590);
    expect(maps.osca["1"]).toBe("Managers");
    expect(maps.osca["11"]).toBe("Business Administration and Promotion, and ICT Managers");
    expect(maps.osca["371131"]).toBe("Bricklayer");
    expect(maps.anzsco["331111"]).toBe("Bricklayer");
    expect(maps.anzsco["2544"]).toBe("Registered Nurses");
  });

  it("is plain JSON-serialisable data", () => {
    expect(JSON.parse(JSON.stringify(maps))).toEqual(maps);
  });

  it("parses a small structure text", () => {
    expect(titlesFromStructureCsv('code,level,title,parent_code\n1,major,"A, B",\n11,sub_major,C,1\n')).toEqual({
      "1": "A, B",
      "11": "C",
    });
  });
});
