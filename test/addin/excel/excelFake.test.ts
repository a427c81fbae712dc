/** The in-memory Excel keeps the Office.js rules the add-in depends on. */
import { ExcelFake, FakeRequestContext, FakeOfficeError } from "../../../src/addin/fakes/excelFake";

async function expectOfficeError(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code, debugInfo: { code } });
}

describe("Excel fake", () => {
  test("a loaded property cannot be read before the sync that loads it", async () => {
    const fake = new ExcelFake();
    fake.setCells("Sheet1", "A1", [["nurse"]]);
    await fake.run(async (context: FakeRequestContext) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      expect(() => range.values).toThrow(FakeOfficeError);
      expect(() => range.values).toThrow(/call the load method/);
      await context.sync();
      expect(range.values).toEqual([["nurse"]]);
      expect(() => range.address).toThrow(/not available/);
    });
    expect(fake.syncCount).toBe(1);
  });

  test("writes are queued and applied at sync, typed like Excel", async () => {
    const fake = new ExcelFake();
    await fake.run(async (context: FakeRequestContext) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("B2:B3").numberFormat = [["@"], ["@"]];
      sheet.getRange("A1:A4").values = [["261313"], ["'=text"], ["=A1*2"], ["Nurse"]];
      sheet.getRange("B2:B3").values = [["261313"], [42]];
      expect(fake.value("Sheet1", "A1")).toBe("");
      await context.sync();
    });
    expect(fake.value("Sheet1", "A1")).toBe(261313);
    expect(fake.value("Sheet1", "A2")).toBe("=text");
    expect(fake.value("Sheet1", "B2")).toBe("261313");
    expect(fake.value("Sheet1", "B3")).toBe("42");
    const formulas = await fake.run(async (context: FakeRequestContext) => {
      const r = context.workbook.worksheets.getItem("Sheet1").getRange("A3").load("formulas");
      await context.sync();
      return r.formulas;
    });
    expect(formulas).toEqual([["=A1*2"]]);
  });

  test("a response over 5 MB fails with ResponsePayloadSizeLimitExceeded", async () => {
    const fake = new ExcelFake();
    const text = "x".repeat(1000);
    fake.setCells(
      "Sheet1",
      "A1",
      Array.from({ length: 6000 }, () => [text]),
    );
    await expectOfficeError(
      fake.run(async (context: FakeRequestContext) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:A6000").load("values");
        await context.sync();
      }),
      "ResponsePayloadSizeLimitExceeded",
    );
  });

  test("a request over 5 MB fails with RequestPayloadSizeLimitExceeded and writes nothing", async () => {
    const fake = new ExcelFake();
    const text = "y".repeat(1000);
    await expectOfficeError(
      fake.run(async (context: FakeRequestContext) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:A6000").values = Array.from({ length: 6000 }, () => [
          text,
        ]);
        await context.sync();
      }),
      "RequestPayloadSizeLimitExceeded",
    );
    expect(fake.value("Sheet1", "A1")).toBe("");
    expect(fake.peakRequestBytes).toBeGreaterThan(5 * 1024 * 1024);
  });

  test("cell-edit mode fails every batch until it ends", async () => {
    const fake = new ExcelFake();
    fake.setEditMode(true);
    const read = () =>
      fake.run(async (context: FakeRequestContext) => {
        context.workbook.getSelectedRange().load("address");
        await context.sync();
      });
    await expectOfficeError(read(), "InvalidOperationInCellEditMode");
    fake.setEditMode(false);
    await expect(read()).resolves.toBeUndefined();
  });

  test("a protected sheet refuses writes with AccessDenied but allows reads", async () => {
    const fake = new ExcelFake();
    fake.protect("Sheet1");
    await expectOfficeError(
      fake.run(async (context: FakeRequestContext) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["x"]];
        await context.sync();
      }),
      "AccessDenied",
    );
    const isProtected = await fake.run(async (context: FakeRequestContext) => {
      const p = context.workbook.worksheets.getItem("Sheet1").protection.load("protected");
      await context.sync();
      return p.protected;
    });
    expect(isProtected).toBe(true);
  });

  test("getSelectedRange fails when several areas are selected; getSelectedRanges counts them", async () => {
    const fake = new ExcelFake();
    fake.select("Sheet1", "A1:A3", "C1:C3");
    await expectOfficeError(
      fake.run(async (context: FakeRequestContext) => {
        context.workbook.getSelectedRange().load("address");
        await context.sync();
      }),
      "InvalidSelection",
    );
    const areas = await fake.run(async (context: FakeRequestContext) => {
      const a = context.workbook.getSelectedRanges().load("areaCount, address");
      await context.sync();
      return { count: a.areaCount, address: a.address };
    });
    expect(areas).toEqual({ count: 2, address: "Sheet1!A1:A3,Sheet1!C1:C3" });
  });

  test("rowHidden is true, false or null (mixed), and the visible view lists shown rows", async () => {
    const fake = new ExcelFake();
    fake.hideRows("Sheet1", 3, 4);
    const seen = await fake.run(async (context: FakeRequestContext) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const mixed = sheet.getRange("A1:A5").load("rowHidden");
      const hidden = sheet.getRange("A3:A4").load("rowHidden");
      const shown = sheet.getRange("A1:A2").load("rowHidden");
      const view = sheet.getRange("A1:A5").getVisibleView().load("cellAddresses");
      await context.sync();
      return [mixed.rowHidden, hidden.rowHidden, shown.rowHidden, view.cellAddresses];
    });
    expect(seen).toEqual([null, true, false, [["Sheet1!A1"], ["Sheet1!A2"], ["Sheet1!A5"]]]);
  });

  test("navigation resolves like Office: used range, offsets, resizing, rows and columns, select", async () => {
    const fake = new ExcelFake();
    fake.setCells("Sheet1", "B3", [
      ["a", "b"],
      ["c", "d"],
    ]);
    const addresses = await fake.run(async (context: FakeRequestContext) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const used = sheet.getUsedRange(true).load("address");
      const offset = sheet.getRange("B3").getOffsetRange(1, 1).load("address");
      const resized = sheet.getRange("B3").getResizedRange(2, 0).load("address");
      const row = sheet.getRange("B3:C4").getRow(1).load("address");
      const col = sheet.getRange("B3:C4").getColumn(1).load("address");
      const cell = sheet.getRange("B3:C4").getCell(1, 0).load("address");
      sheet.getCell(9, 0).select();
      await context.sync();
      return [used.address, offset.address, resized.address, row.address, col.address, cell.address];
    });
    expect(addresses).toEqual([
      "Sheet1!B3:C4",
      "Sheet1!C4",
      "Sheet1!B3:B5",
      "Sheet1!B4:C4",
      "Sheet1!C3:C4",
      "Sheet1!B4",
    ]);
    expect(fake.selectedAddress()).toBe("Sheet1!A10");
  });

  test("names: getItemOrNullObject then add", async () => {
    const fake = new ExcelFake();
    const before = await fake.run(async (context: FakeRequestContext) => {
      const item = context.workbook.names.getItemOrNullObject("ABSCODE").load("formula");
      await context.sync();
      return item.isNullObject;
    });
    expect(before).toBe(true);
    await fake.run(async (context: FakeRequestContext) => {
      context.workbook.names.add("ABSCODE", "=LAMBDA(t,ABS.CODE(t))");
      await context.sync();
    });
    expect(fake.namedItem("abscode")?.formula).toBe("=LAMBDA(t,ABS.CODE(t))");
  });

  test("document settings survive reopening only when saved", async () => {
    const fake = new ExcelFake();
    fake.settings.set("kept", { a: 1 });
    await new Promise<void>((resolve) => fake.settings.saveAsync(() => resolve()));
    fake.settings.set("lost", "x");
    fake.reopen();
    expect(fake.settings.get("kept")).toEqual({ a: 1 });
    expect(fake.settings.get("lost")).toBeNull();
  });
});
