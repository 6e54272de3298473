import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, expectNoSeriousA11yViolations, open, signInAs, test } from "./fixtures";

const PYTHON = "esco:ccd0a1d9-afda-43d9-b901-96344886e14d";
const JAVASCRIPT = "esco:3cd569a2-4f88-4c1e-9995-8dce8c5e51a7";
const JAVA = "esco:19a8293b-8e95-4de3-983f-77484079c389";

const skillBox = (page: Page) => page.getByRole("combobox", { name: "Verified skill" });
/** The skill box's options (the "Add as" menu has options too). */
const skillOptions = (page: Page) => page.getByRole("listbox").getByRole("option");
const activeFilters = (page: Page) => page.getByRole("group", { name: "Active filters" });
const resultCount = async (page: Page) =>
  Number((await page.getByText(/^\d+ candidates?( with every chosen skill verified)?$/).textContent())!.split(" ")[0]);

/** Types into the skill box and presses Enter without choosing an option: the server resolves the text. */
async function typeSkillAndEnter(page: Page, text: string) {
  await open(page, "/search");
  await skillBox(page).fill(text);
  await skillBox(page).press("Enter");
  await page.waitForURL(/\/search\?/);
  await page.waitForLoadState("networkidle");
}

test("typed skills resolve through aliases, case, prefixes and words: python, Python, js, ML, excel, data analysis", async ({
  page,
}) => {
  await signInAs(page, "recruiter", "/search");
  const expected: Array<[typed: string, chip: RegExp]> = [
    ["python", /Python \(Computer Programming\)/],
    ["Python", /Python \(Computer Programming\)/],
    ["js", /JavaScript/],
    ["ML", /Machine Learning/],
    ["excel", /Microsoft Excel/],
    ["data analysis", /Data Analytics/],
  ];
  for (const [typed, chip] of expected) {
    await typeSkillAndEnter(page, typed);
    await expect(activeFilters(page).getByRole("link", { name: chip })).toBeVisible();
    expect(new URL(page.url()).searchParams.getAll("skill"), typed).toHaveLength(1);
    await expect(page.getByText("Did you mean")).toHaveCount(0);
    // The box is empty again: the skill is a chip now.
    await expect(skillBox(page)).toHaveValue("");
  }
  // Nobody in the demo holds Excel: the filter applies and finds nobody, rather than listing everyone.
  // (Polled: on Meilisearch the count of the page before can still be showing for a moment.)
  await typeSkillAndEnter(page, "excel");
  await expect.poll(() => resultCount(page)).toBe(0);
  await typeSkillAndEnter(page, "python");
  await expect.poll(() => resultCount(page)).toBeGreaterThan(0);
  // Each card puts the matched skill first, highlighted, with its evidence.
  const firstCard = page.getByRole("list", { name: "Candidates found" }).getByRole("listitem").first();
  await expect(firstCard.getByRole("list", { name: "Matched skills" })).toContainText(
    /Python \(Computer Programming\)\d+ credentials? · registered issuer · \d{4}/,
  );
});

test("a skill nobody can name shows zero results and 'Did you mean', and the suggestion applies", async ({ page }) => {
  await signInAs(page, "recruiter", "/search");
  await typeSkillAndEnter(page, "pyhton");
  await expect(page.getByText("No skill matches “pyhton”")).toBeVisible();
  expect(await resultCount(page)).toBe(0);
  await expect(page.getByText("No candidate matches this search.")).toBeVisible();
  // The text stays in the box to correct.
  await expect(skillBox(page)).toHaveValue("pyhton");
  await page.getByRole("status").getByRole("link", { name: "Python (Computer Programming)" }).click();
  await expect(activeFilters(page).getByRole("link", { name: /Python/ })).toBeVisible();
  expect(await resultCount(page)).toBeGreaterThan(0);
});

test("picking an option adds a chip at once and clears the box; removing the chip sticks", async ({ page }) => {
  await signInAs(page, "recruiter", "/search");
  await skillBox(page).fill("sq");
  await expect(skillOptions(page).first()).toContainText("SQL");
  await skillOptions(page).first().click();
  await expect(activeFilters(page).getByRole("link", { name: /SQL/ })).toBeVisible();
  await expect(skillBox(page)).toHaveValue("");
  const withSql = await resultCount(page);

  await activeFilters(page)
    .getByRole("link", { name: /Remove must have filter SQL/ })
    .click();
  await expect(activeFilters(page)).toHaveCount(0);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForLoadState("networkidle");
  await expect(activeFilters(page)).toHaveCount(0);
  expect(new URL(page.url()).searchParams.getAll("skill")).toEqual([]);
  expect(await resultCount(page)).toBeGreaterThan(withSql);
});

test("any-of (OR) and excluded (NOT) skills have their own controls and chips", async ({ page }) => {
  await signInAs(page, "recruiter", "/search");
  await page.getByLabel("Add as").selectOption({ label: "Any of" });
  for (const [typed, option] of [
    ["javascript", "JavaScript"],
    ["python", "Python (Computer Programming)"],
  ]) {
    await skillBox(page).fill(typed!);
    await expect(skillOptions(page).first()).toContainText(option!);
    await skillBox(page).press("ArrowDown");
    await skillBox(page).press("Enter");
    await expect(activeFilters(page)).toContainText(option!);
  }
  expect(new URL(page.url()).searchParams.getAll("any").sort()).toEqual([PYTHON, JAVASCRIPT].sort());
  await expect(activeFilters(page)).toContainText("Any of:");
  const either = await resultCount(page);

  await page.getByLabel("Add as").selectOption({ label: "Exclude" });
  await skillBox(page).fill("java (");
  await expect(skillOptions(page).first()).toContainText("Java (Computer Programming)");
  await skillBox(page).press("ArrowDown");
  await skillBox(page).press("Enter");
  await expect(activeFilters(page)).toContainText("Excluded:");
  expect(new URL(page.url()).searchParams.getAll("not")).toEqual([JAVA]);
  const withoutJava = await resultCount(page);
  expect(withoutJava).toBeGreaterThan(0);
  expect(withoutJava).toBeLessThan(either);
  await expect(page.getByRole("list", { name: "Candidates found" })).not.toContainText("Java (Computer Programming)");
});

test("← Back to search on a profile returns to the same search, filters kept", async ({ page }) => {
  await signInAs(page, "recruiter", `/search?skill=${encodeURIComponent(PYTHON)}&format=obv3&sort=lastVerifiedAt`);
  const searchUrl = page.url();
  const first = page.getByRole("list", { name: "Candidates found" }).getByRole("listitem").first();
  const name = (await first.getByRole("heading").textContent())!;
  await first.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "← Back to search" }).click();
  await page.waitForURL(/\/search/);
  expect(page.url()).toBe(searchUrl);
  await expect(activeFilters(page).getByRole("link", { name: /Python/ })).toBeVisible();
});

test("on a phone the filters open from a 'Filters (n)' button above the results, and the navigation is a menu", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "recruiter", `/search?skill=${encodeURIComponent(PYTHON)}&trusted=1`);
  const filters = page.getByRole("complementary", { name: "Filters" });
  const button = page.getByRole("button", { name: "Filters (2)" });
  await expect(button).toBeVisible();
  await expect(filters).toBeHidden();
  const results = page.getByRole("list", { name: "Candidates found" });
  expect((await button.boundingBox())!.y).toBeLessThan((await results.boundingBox())!.y);
  await button.click();
  await expect(filters).toBeVisible();
  await expect(filters.getByRole("checkbox", { name: "Trusted issuers only" })).toBeChecked();
  await expectNoSeriousA11yViolations(page, "the phone search with its filters open");

  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Shortlists" })).toBeHidden();
  await nav.getByRole("button", { name: "Menu" }).click();
  await nav.getByRole("link", { name: "Shortlists" }).click();
  await expect(page.getByRole("heading", { name: "Shortlists", level: 1 })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Search candidates" })).toBeHidden();
});

test("a recruiter ticks candidates, adds them to a shortlist in one go and exports just them", async ({ page }) => {
  await signInAs(page, "recruiter", `/search?skill=${encodeURIComponent(PYTHON)}`);
  const cards = page
    .getByRole("list", { name: "Candidates found" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("checkbox") });
  const names = [
    (await cards.nth(0).getByRole("heading").textContent())!,
    (await cards.nth(1).getByRole("heading").textContent())!,
  ];
  for (const name of names) await page.getByRole("checkbox", { name: `Select ${name}` }).check();
  const bulk = page.getByRole("group", { name: "Selected candidates" });
  await expect(bulk).toContainText("2 selected");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    bulk.getByRole("button", { name: "Export selected" }).click(),
  ]);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.trim().split("\n")).toHaveLength(3);
  for (const name of names) expect(csv).toContain(name);

  await bulk.getByLabel("Shortlist for the selected candidates").fill("Python bench");
  await bulk.getByRole("button", { name: "Add to shortlist" }).click();
  await expect(bulk.getByRole("status")).toContainText("Added 2 candidates to Python bench");
  for (const name of names) {
    await expect(cards.filter({ hasText: name }).getByText("On shortlists:")).toBeVisible();
    await expect(cards.filter({ hasText: name }).getByRole("link", { name: "Python bench" })).toBeVisible();
  }
  await expect(cards.nth(2).getByText("On shortlists:")).toHaveCount(0);
});

test("a recruiter searches, adds a skill and opens a candidate with the keyboard only", async ({ page }) => {
  await signInAs(page, "recruiter", "/search");
  await open(page, "/search");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  // From the main content, the first stops are "Save this search" (beside the heading), the text box, how the
  // skill counts, and the skill box.
  await page.keyboard.press("Tab");
  await expect(page.getByText("Save this search")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("searchbox", { name: "Name, headline or skill text" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("combobox", { name: "Add as" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(skillBox(page)).toBeFocused();
  await page.keyboard.type("sql", { delay: 50 });
  await expect(skillOptions(page).first()).toContainText("SQL", { timeout: 15_000 });
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(activeFilters(page).getByRole("link", { name: /SQL/ })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Sort", exact: true })).toBeVisible();

  // Tab on to the first result's name and open it.
  const first = page.getByRole("list", { name: "Candidates found" }).getByRole("listitem").first();
  const name = (await first.getByRole("heading").textContent())!;
  const link = first.getByRole("link", { name });
  for (let i = 0; i < 40 && !(await link.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press("Tab");
  await expect(link).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the candidate page reached by keyboard");
});
