import { parseCsv, parseCsvRecords } from "../../src/coder/csv";

describe("parseCsv", () => {
  it("splits plain fields and rows", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("does not invent a row after a trailing line break, but keeps a last row without one", () => {
    expect(parseCsv("a\nb\n")).toEqual([["a"], ["b"]]);
    expect(parseCsv("a\nb")).toEqual([["a"], ["b"]]);
  });

  it("keeps commas inside quoted fields", () => {
    expect(parseCsv('11,sub_major,"Chief Executives, General Managers and Legislators",1\n')).toEqual([
      ["11", "sub_major", "Chief Executives, General Managers and Legislators", "1"],
    ]);
  });

  it("reads doubled quotes as one quote", () => {
    expect(parseCsv('"He said ""hi""",x')).toEqual([['He said "hi"', "x"]]);
    expect(parseCsv('""""')).toEqual([['"']]);
  });

  it("keeps line breaks inside quoted fields", () => {
    expect(parseCsv('"line one\nline two",2\r\n3,4')).toEqual([
      ["line one\nline two", "2"],
      ["3", "4"],
    ]);
  });

  it("handles CRLF records, empty fields and an empty last field", () => {
    expect(parseCsv("a,,c\r\n,\r\nx,")).toEqual([
      ["a", "", "c"],
      ["", ""],
      ["x", ""],
    ]);
  });

  it("treats an empty quoted field as empty", () => {
    expect(parseCsv('"",b')).toEqual([["", "b"]]);
  });

  it("drops a byte-order mark and returns nothing for empty text", () => {
    expect(parseCsv("\ufeffcode,title\n1,Managers\n")).toEqual([
      ["code", "title"],
      ["1", "Managers"],
    ]);
    expect(parseCsv("")).toEqual([]);
  });

  it("rejects an unterminated quoted field", () => {
    expect(() => parseCsv('"never closed,1\n')).toThrow(/unterminated/);
  });
});

describe("parseCsvRecords", () => {
  it("keys each record by the header and skips blank lines", () => {
    expect(parseCsvRecords('code,title\n1,Managers\n\n2,"Professionals, All"\n')).toEqual([
      { code: "1", title: "Managers" },
      { code: "2", title: "Professionals, All" },
    ]);
  });

  it("fills missing trailing fields with empty strings", () => {
    expect(parseCsvRecords("a,b,c\n1\n")).toEqual([{ a: "1", b: "", c: "" }]);
  });
});
