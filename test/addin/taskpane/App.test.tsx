import { render, screen } from "@testing-library/react";
import { App } from "../../../src/addin/taskpane/App";
import { relativeLuminance } from "../../../src/addin/excel/office";

describe("task pane shell", () => {
  test("shows the pane title and the classification data attribution", () => {
    render(<App host={{ host: "Excel", platform: "OfficeOnline", darkTheme: false }} />);
    expect(screen.getByRole("heading", { level: 1, name: "Occupation Coder" })).toBeTruthy();
    expect(screen.getByText(/licensed CC BY 4\.0/)).toBeTruthy();
    expect(screen.getByRole("link", { name: /ABS registration and terms of use/ }).getAttribute("href")).toMatch(
      /abs\.gov\.au/,
    );
  });

  test("tells a user who opened the page outside Excel where to open it", () => {
    render(<App host={{ host: "none", platform: "browser", darkTheme: false }} />);
    expect(screen.getByRole("status").textContent).toMatch(/Open this page from Excel/);
  });

  test("follows a dark Office theme", () => {
    expect(relativeLuminance("#1f1f1f")).toBeLessThan(0.4);
    expect(relativeLuminance("#ffffff")).toBeGreaterThan(0.9);
  });
});
