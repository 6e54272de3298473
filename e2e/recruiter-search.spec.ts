import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";
import { signInAs } from "./fixtures";

test("a recruiter combines two verified skills and a facet, follows a skill to its evidence, shortlists and exports", async ({
  page,
}) => {
  await signInAs(page, "recruiter", "/search");
  const skills = page.getByRole("region", { name: "Verified skills" });

  // Two verified skills, each picked from the facet list: both must be verified for every result.
  await skills.getByRole("link").first().click();
  await expect(page.getByLabel("Active filters").getByRole("link")).toHaveCount(2); // the skill chip and "Clear all"
  const firstSkill = (await page.getByLabel("Active filters").getByRole("link").first().textContent())!.replace(
    " ✕",
    "",
  );
  await skills.getByRole("link").first().click();
  await expect(page.getByLabel("Active filters").getByRole("link")).toHaveCount(3);
  expect(new URL(page.url()).searchParams.getAll("skill")).toHaveLength(2);

  // A facet: only Open Badges 3.0 credentials.
  await page.getByRole("group", { name: "Format" }).getByRole("checkbox", { name: "OBV3" }).check();
  await expect(page).toHaveURL(/format=obv3/);
  const countText = await page.getByText(/^\d+ candidates? with every chosen skill verified$/).textContent();
  expect(Number(countText!.split(" ")[0])).toBeGreaterThan(0);

  // The search is a link: reloading it gives the same results.
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);

  const first = page.getByRole("region", { name: "Results" }).getByRole("listitem").first();
  const name = (await first.getByRole("heading").textContent())!;
  await first.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  // The full report (evidence, raw document, decisions) is a verifier's page: a recruiter is not sent there.
  await expect(page.getByRole("link", { name: "Open the full verification report" })).toHaveCount(0);

  // Follow the first chosen skill to the credential behind it.
  const skill = page.getByRole("region", { name: "Skills" }).locator("details", { hasText: firstSkill }).first();
  await skill.locator("summary").click();
  const evidence = skill.getByRole("listitem").first().getByRole("link").first();
  const credentialName = (await evidence.textContent())!;
  await evidence.click();
  await expect(page).toHaveURL(/#cred_/);
  const article = page.getByRole("article", { name: credentialName }).first();
  await expect(article).toBeInViewport();
  await expect(article.getByText("Verified", { exact: true })).toBeVisible();

  await page.getByLabel("Shortlist", { exact: true }).fill("Platform team");
  await page.getByLabel("Note").fill("Strong evidence; call this week");
  await page.getByRole("button", { name: "Save to shortlist" }).click();
  await page.getByRole("status").getByRole("link", { name: "Platform team" }).click();
  await expect(page.getByRole("heading", { name: "Platform team" })).toBeVisible();
  await expect(page.getByText("Strong evidence; call this week")).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv).toContain(name);
  expect(csv).toContain("Strong evidence; call this week");
});

test("a recruiter exports the current search as CSV", async ({ page }) => {
  await signInAs(page, "recruiter", "/search?q=nurse");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trim().split("\n");
  expect(lines[0]).toContain("verified skills");
  expect(lines.length).toBeGreaterThan(1);
});
