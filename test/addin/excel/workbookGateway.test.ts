/** The one module that reads and writes ranges, against the fake with Excel's real limits. */
import { ExcelFake } from "../../../src/addin/fakes/excelFake";
import { WorkbookGateway, type ExcelRun, type WriteRequest } from "../../../src/addin/excel/workbookGateway";
import { WorkbookError } from "../../../src/addin/excel/workbookErrors";

function gatewayOver(fake: ExcelFake, options?: ConstructorParameters<typeof WorkbookGateway>[1]): WorkbookGateway {
  return new WorkbookGateway(fake.run as unknown as ExcelRun, options);
}

function titles(fake: ExcelFake, first: number, values: string[]): void {
  fake.setCells(
    "Sheet1",
    `A${first}`,
    values.map((v) => [v]),
  );
}

const always = (): "write" => "write";

describe("workbook gateway: reading", () => {
  test("a whole-column selection is clipped to the used rows", async () => {
    const fake = new ExcelFake();
    titles(fake, 1, ["Job title", "nurse", "teacher"]);
    fake.select("Sheet1", "A:A");
    const info = await gatewayOver(fake).describeSelection();
    expect(info).toMatchObject({
      selectedAddress: "Sheet1!A:A",
      selectedRowCount: 1_048_576,
      row: 0,
      rowCount: 3,
      clipped: true,
    });
    expect(fake.syncCount).toBe(1);
  });

  test("an empty selection says to select job titles", async () => {
    const fake = new ExcelFake();
    titles(fake, 1, ["nurse"]);
    fake.select("Sheet1", "C5:C9");
    await expect(gatewayOver(fake).describeSelection()).rejects.toMatchObject({ kind: "emptySelection" });
  });

  test("several selected areas get a message naming them", async () => {
    const fake = new ExcelFake();
    fake.select("Sheet1", "A1:A3", "C1:C3");
    const error = (await gatewayOver(fake)
      .describeSelection()
      .catch((e: unknown) => e)) as WorkbookError;
    expect(error).toBeInstanceOf(WorkbookError);
    expect(error.message).toMatch(/2 areas are selected \(Sheet1!A1:A3,Sheet1!C1:C3\)\. Select one block/);
  });

  test("cell-edit mode while reading says to press Enter or Esc", async () => {
    const fake = new ExcelFake();
    titles(fake, 1, ["nurse"]);
    fake.setEditMode(true);
    await expect(gatewayOver(fake).describeSelection()).rejects.toMatchObject({
      kind: "editMode",
      message: expect.stringMatching(/Press Enter or Esc/),
    });
  });

  test("hidden and filtered rows are reported hidden; one sync per chunk, one more only for a mixed chunk", async () => {
    const fake = new ExcelFake();
    titles(
      fake,
      1,
      Array.from({ length: 30 }, (_, i) => `job ${i + 1}`),
    );
    fake.hideRows("Sheet1", 12, 13);
    const gateway = gatewayOver(fake, { maxRowsPerChunk: 10 });
    const rows = await gateway.readRows({
      sheetId: "Sheet1",
      firstRow: 0,
      rowCount: 30,
      valueColumns: [0],
      formulaColumns: [1],
    });
    expect(rows.filter((r) => r.hidden).map((r) => r.row + 1)).toEqual([12, 13]);
    expect(rows[29]).toEqual({ row: 29, hidden: false, values: ["job 30"], formulas: [""] });
    expect(fake.syncCount).toBe(3 + 1);
  });

  test("reads are chunked by bytes to stay under the 5 MB response cap", async () => {
    const fake = new ExcelFake();
    const long = "a".repeat(2000);
    titles(
      fake,
      1,
      Array.from({ length: 4000 }, () => long),
    );
    const gateway = gatewayOver(fake);
    const rows = await gateway.readRows({
      sheetId: "Sheet1",
      firstRow: 0,
      rowCount: 4000,
      valueColumns: [0],
      formulaColumns: [],
    });
    expect(rows).toHaveLength(4000);
    expect(fake.peakResponseBytes).toBeLessThan(5 * 1024 * 1024);
    expect(fake.syncCount).toBeGreaterThan(1);
  });

  test("a chunk Excel refuses as too large is halved and retried", async () => {
    const fake = new ExcelFake({ maxResponseBytes: 64 * 1024 });
    const long = "b".repeat(1000);
    titles(
      fake,
      1,
      Array.from({ length: 200 }, () => long),
    );
    const gateway = gatewayOver(fake, { payloadBudgetBytes: 1024 * 1024 });
    const rows = await gateway.readRows({
      sheetId: "Sheet1",
      firstRow: 0,
      rowCount: 200,
      valueColumns: [0],
      formulaColumns: [],
    });
    expect(rows).toHaveLength(200);
    expect(fake.peakResponseBytes).toBeLessThanOrEqual(64 * 1024 + 1100);
  });

  test("one row larger than Excel's cap gets a message saying what to do", async () => {
    const fake = new ExcelFake({ maxResponseBytes: 1000 });
    titles(fake, 1, ["c".repeat(2000)]);
    const gateway = gatewayOver(fake);
    await expect(
      gateway.readRows({ sheetId: "Sheet1", firstRow: 0, rowCount: 1, valueColumns: [0], formulaColumns: [] }),
    ).rejects.toMatchObject({ kind: "responseTooLarge", message: expect.stringMatching(/Shorten the longest cells/) });
  });
});

describe("workbook gateway: writing", () => {
  function request(rows: WriteRequest["rows"], verify: WriteRequest["verify"] = always): WriteRequest {
    return { sheetId: "Sheet1", outputColumn: 1, outputWidth: 2, textOffsets: [0], rows, checkColumns: [0], verify };
  }

  test("writes plain values only into the output columns, codes as text", async () => {
    const fake = new ExcelFake();
    titles(fake, 1, ["nurse", "teacher", "bricklayer"]);
    fake.setCells("Sheet1", "D1", [["keep me"]]);
    const report = await gatewayOver(fake).writeRows(
      request([
        { row: 0, values: ["254499", "Registered Nurse"] },
        { row: 2, values: ["331111", "=not a formula"] },
      ]),
    );
    expect(report.written).toEqual([0, 2]);
    expect(fake.values("Sheet1", "A1:D3")).toEqual([
      ["nurse", "254499", "Registered Nurse", "keep me"],
      ["teacher", "", "", ""],
      ["bricklayer", "331111", "=not a formula", ""],
    ]);
    expect(fake.syncCount).toBe(2);
  });

  test("rows the verifier rejects are reported, not written", async () => {
    const fake = new ExcelFake();
    titles(fake, 1, ["nurse", "teacher changed"]);
    const report = await gatewayOver(fake).writeRows(
      request(
        [
          { row: 0, values: ["254499", "Registered Nurse"] },
          { row: 1, values: ["241411", "Teacher"] },
        ],
        (_row, inputs) => (inputs[0] === "teacher" || inputs[0] === "nurse" ? "write" : "inputChanged"),
      ),
    );
    expect(report).toEqual({ written: [0], inputChanged: [1], outputNotEmpty: [] });
    expect(fake.value("Sheet1", "B2")).toBe("");
  });

  test("a protected sheet gets a message saying how to unprotect", async () => {
    const fake = new ExcelFake();
    titles(fake, 1, ["nurse"]);
    fake.protect("Sheet1");
    await expect(gatewayOver(fake).writeRows(request([{ row: 0, values: ["1", "x"] }]))).rejects.toMatchObject({
      kind: "protected",
      message: expect.stringMatching(/Unprotect Sheet/),
    });
  });

  test("cell-edit mode while writing waits and retries when asked to", async () => {
    const fake = new ExcelFake();
    titles(fake, 1, ["nurse"]);
    fake.setEditMode(true);
    let waits = 0;
    const report = await gatewayOver(fake).writeRows({
      ...request([{ row: 0, values: ["254499", "Registered Nurse"] }]),
      onEditMode: async () => {
        waits++;
        fake.setEditMode(false);
        return true;
      },
    });
    expect(waits).toBe(1);
    expect(report.written).toEqual([0]);
  });

  test("a write Excel refuses as too large is split; one row too large gets a message", async () => {
    const fake = new ExcelFake({ maxRequestBytes: 20_000 });
    titles(
      fake,
      1,
      Array.from({ length: 50 }, () => "nurse"),
    );
    const rows = Array.from({ length: 50 }, (_, row) => ({ row, values: ["254499", "n".repeat(1000)] }));
    const report = await gatewayOver(fake).writeRows(request(rows));
    expect(report.written).toHaveLength(50);
    expect(fake.peakRequestBytes).toBeGreaterThan(0);

    const tiny = new ExcelFake({ maxRequestBytes: 500 });
    titles(tiny, 1, ["nurse"]);
    await expect(
      gatewayOver(tiny).writeRows(request([{ row: 0, values: ["1", "x".repeat(2000)] }])),
    ).rejects.toMatchObject({
      kind: "requestTooLarge",
    });
  });

  test("selectCell activates the sheet and selects the cell", async () => {
    const fake = new ExcelFake();
    fake.addSheet("Data");
    await gatewayOver(fake).selectCell("Data", 16, 0);
    expect(fake.selectedAddress()).toBe("Data!A17");
  });
});
