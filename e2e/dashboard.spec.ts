import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { signInAs } from "./fixtures";

/** The charts on the seeded demo data, by the start of their accessible descriptions. */
const CHARTS = [
  /^Stacked bar chart of credentials received per day over the last 30 days: \d+ credentials/,
  /^Bar chart of verification outcomes: \d+ verified; \d+ failed \(expired \d+/,
  /^Bar chart of credentials by issuer trust: on the registry \d+, not on the registry \d+/,
  /^Bar chart of the 10 most held verified skills: .*Python/,
  // Other journeys may have added issuers before this one runs; the demo issuer holds the most.
  /^Bar chart of the (issuer|\d+ issuers) with the most verified credentials: Attest Demo Institute \(trusted\) \d+/,
];

/** Errors in the browser console, hydration mismatches included (React reports them there). */
function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || /hydrat/i.test(message.text())) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test("a recruiter signs in and the dashboard draws its charts, each with a table of the same numbers", async ({
  page,
}) => {
  await signInAs(page, "recruiter");
  const errors = collectConsoleErrors(page);
  await page.reload();
  await page.waitForLoadState("networkidle");

  for (const name of CHARTS) {
    const chart = page.getByRole("img", { name });
    await expect(chart).toBeVisible();
    await expect(chart.locator(".recharts-wrapper > svg.recharts-surface")).toBeVisible();
    await expect(chart.locator(".recharts-bar-rectangle path, path.recharts-rectangle").first()).toBeVisible();
  }

  const outcomes = page.getByRole("region", { name: "Verification outcomes" });
  await outcomes.getByText("Show as table").click();
  const table = outcomes.getByRole("table", { name: /Credentials by verdict/ });
  await expect(table).toBeVisible();
  // The table shows the chart's numbers (one snapshot, up to 30 s old; the stat above it is live).
  const description = await outcomes
    .getByRole("img", { name: /^Bar chart of verification outcomes/ })
    .getAttribute("aria-label");
  const verified = /: (\d+) verified;/.exec(description ?? "")?.[1];
  expect(verified).toBeDefined();
  await expect(table.getByRole("row", { name: /^Verified/ }).getByRole("cell")).toHaveText(verified!);
  await expect(table.getByRole("row", { name: /^Failed: Expired/ })).toBeVisible();

  // Nothing has been re-checked on fresh demo data: the changes panel says so rather than drawing an empty axis.
  const changes = page.getByRole("region", { name: "Verdict changes found by re-checks" });
  await expect(changes).toContainText(/No verdict changed since Monday \d+ \w+\./);
  await expect(changes).toContainText("No re-check changed a verdict in the last 8 weeks.");

  // The walking skeleton's promises still hold: the stat groups and the skill links.
  await expect(page.getByRole("group", { name: "candidates" }).locator("strong")).toHaveText(/^\d+$/);
  await expect(page.getByRole("link", { name: /Python/ }).first()).toBeVisible();

  await page.screenshot({ path: test.info().outputPath("dashboard.png"), fullPage: true });
  await test.info().attach("dashboard", { path: test.info().outputPath("dashboard.png"), contentType: "image/png" });

  await page.getByRole("link", { name: "Per week" }).click();
  await expect(page).toHaveURL(/\?by=week/);
  await expect(page.getByRole("link", { name: "Per week" })).toHaveAttribute("aria-current", "true", {
    timeout: 15_000,
  });
  const weekly = page.getByRole("img", {
    name: /^Stacked bar chart of credentials received per week over the last 12 weeks/,
  });
  await expect(weekly.locator(".recharts-wrapper > svg.recharts-surface")).toBeVisible();

  expect(errors).toEqual([]);
});

test("the dashboard fits a 400-pixel-wide window", async ({ page }) => {
  await page.setViewportSize({ width: 400, height: 900 });
  await signInAs(page, "recruiter");
  for (const name of CHARTS)
    await expect(page.getByRole("img", { name }).locator(".recharts-wrapper > svg.recharts-surface")).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const box = await page.getByRole("img", { name: CHARTS[1] }).boundingBox();
  expect(box!.width).toBeLessThanOrEqual(400);
  await page.screenshot({ path: test.info().outputPath("dashboard-400px.png"), fullPage: true });
  await test
    .info()
    .attach("dashboard at 400px", { path: test.info().outputPath("dashboard-400px.png"), contentType: "image/png" });
});
