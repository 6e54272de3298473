import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The rules checked: WCAG 2.1 A and AA. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation, listing each with the
 * elements it found it on. Call it wherever a journey shows something new (an open menu, a dialog); every page a
 * journey loads is also checked once more at its end by the `accessibility` fixture (e2e/fixtures.ts).
 */
export async function expectNoSeriousA11yViolations(page: Page, what = page.url()) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(", ")}`,
    );
  expect(serious, `serious or critical accessibility violations on ${what}`).toEqual([]);
}
