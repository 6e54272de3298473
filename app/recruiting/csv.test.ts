import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes commas, quotes and line breaks, and starts with a BOM for spreadsheets", () => {
    const csv = toCsv(["name", "note"], [['Doe, "Jo"', "line one\nline two"]]);
    expect(csv).toBe('\uFEFFname,note\n"Doe, ""Jo""","line one\nline two"\n');
  });

  it.each(['=HYPERLINK("http://evil")', "+1+1", "-2", "@SUM(A1)", "\tx"])(
    "neutralises %j so a spreadsheet shows it as text",
    (cell) => {
      const [, row] = toCsv(["name"], [[cell]])
        .replace("\uFEFF", "")
        .split("\n");
      expect(row.replace(/^"|"$/g, "").startsWith("'")).toBe(true);
    },
  );

  it("leaves numbers and ordinary text alone", () => {
    expect(toCsv(["a", "b"], [["Ada", 3]])).toBe("\uFEFFa,b\nAda,3\n");
  });
});
