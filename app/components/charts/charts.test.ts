import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { RankedBarChart } from "./ranked-bar-chart";
import { TimeSeriesChart } from "./time-series-chart";

const series = [{ key: "verified", name: "Verified", color: "#047857" }];

describe("chart wrappers, as the server renders them", () => {
  it("say so in words instead of drawing an empty axis", () => {
    const html = renderToString(
      createElement(TimeSeriesChart, {
        title: "Credentials received per day",
        description: "unused",
        emptyMessage: "No submissions yet in the last 30 days.",
        points: [
          { label: "1 Nov", verified: 0 },
          { label: "2 Nov", verified: 0 },
        ],
        series,
        bucketName: "Day",
      }),
    );
    expect(html).toContain("No submissions yet in the last 30 days.");
    expect(html).not.toContain('role="img"');
    expect(html).not.toContain("<table");
  });

  it("give the chart its accessible description, a fixed-height box, and the same numbers as a table", () => {
    const html = renderToString(
      createElement(RankedBarChart, {
        title: "Top skills",
        description: "Bar chart of the 2 most held verified skills: Python 1,200, SQL 7.",
        emptyMessage: "No verified skills yet.",
        items: [
          { label: "Python", value: 1200 },
          { label: "SQL", value: 7 },
        ],
        labelName: "Skill",
        valueName: "Candidates",
      }),
    );
    expect(html).toMatch(/role="img" aria-label="Bar chart of the 2 most held verified skills: Python 1,200, SQL 7."/);
    expect(html).toMatch(/style="height:90px"/);
    // Recharts draws after hydration only: the server sends the box, never a half-drawn SVG to mismatch.
    expect(html).not.toContain("<svg");
    expect(html).toContain("<summary>Show as table</summary>");
    expect(html).toMatch(/<th scope="row">Python<\/th><td class="num">1,200<\/td>/);
  });
});
