import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { open, openSubmissionForm, signInAs, signTestBadge, submitCredential } from "./fixtures";

/** Indexing runs just after the submission commits: reload the search until the index has caught up. */
async function searchBySkill(page: Page, skill: string) {
  await open(page, "/search");
  await page.getByRole("combobox", { name: "Verified skill" }).fill(skill);
  // Let the type-ahead answer first, and submit with the button: Enter over an open suggestion list can pick a
  // suggestion or be swallowed instead of submitting what was typed.
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForURL(/search\?/);
}

test("the first page shows the seeded demo data", async ({ page }) => {
  await signInAs(page, "recruiter");
  const candidates = page.getByRole("group", { name: "candidates" });
  await expect(candidates).toBeVisible();
  expect(Number(await candidates.locator("strong").textContent())).toBeGreaterThanOrEqual(40);
  await expect(page.getByRole("link", { name: /Python/ }).first()).toBeVisible();
  // While demo data is loaded, every staff page says so, and how to remove it.
  await expect(page.getByRole("note").filter({ hasText: "Demo data is loaded" })).toContainText("demo clear");
});

test("a candidate submits a credential and a recruiter finds them by its verified skill", async ({ page }) => {
  const person = { name: "Nadia Verhoeven", email: "nadia.verhoeven@example.com" };
  const badge = await signTestBadge(person, {
    name: "Aquaponics Design",
    url: "https://skills.example.org/aquaponics",
  });

  const receipt = await submitCredential(page, person, JSON.stringify(badge, null, 2));
  await expect(receipt.getByRole("status")).toContainText("Aquaponics Design Certificate” verified");

  await signInAs(page, "recruiter");
  await expect(async () => {
    await searchBySkill(page, "Aquaponics Design");
    await expect(page.getByRole("link", { name: person.name })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByLabel("Active filters")).toContainText("Aquaponics Design");
  await expect(page.getByText("1 candidate with every chosen skill verified")).toBeVisible();

  await page.getByRole("link", { name: person.name }).click();
  await expect(page.getByRole("heading", { name: person.name })).toBeVisible();
  const credential = page.getByRole("article", { name: "Aquaponics Design Certificate" });
  await expect(credential.getByText("Verified", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Skills" })).toContainText("✓ Aquaponics Design");
});

test("a tampered credential is reported as failed and its skill never appears as verified", async ({ page }) => {
  const person = { name: "Mallory Forger", email: "mallory.forger@example.com" };
  const badge = await signTestBadge(person, { name: "Glassblowing", url: "https://skills.example.org/glassblowing" });
  (badge.credentialSubject.achievement as { name: string }).name = "Master Glassblowing Certificate";

  const receipt = await submitCredential(page, person, JSON.stringify(badge));
  await expect(receipt.getByRole("status")).toContainText("did not verify");
  await expect(receipt.getByRole("status")).toContainText(/signature/i);

  await signInAs(page, "recruiter");
  await searchBySkill(page, "Glassblowing");
  await expect(page.getByText(/No skill matches “Glassblowing”/)).toBeVisible();
  await page.goto(`/search?q=${encodeURIComponent("Mallory Forger")}`);
  const result = page.getByRole("listitem").filter({ hasText: person.name });
  await expect(result).toBeVisible({ timeout: 10_000 });
  await expect(result).toContainText("Glassblowing (claimed)");
  await expect(result).not.toContainText("✓ Glassblowing");
});

test("bad input gets a clear message on the receipt and is not stored", async ({ page }) => {
  const person = { name: "Bad Input", email: "bad.input@example.com" };
  let receipt = await submitCredential(page, person, "{ this is not json");
  await expect(receipt.getByRole("status")).toContainText("not valid JSON");

  receipt = await submitCredential(page, person, JSON.stringify({ name: "My CV", skills: ["Python"] }));
  await expect(receipt.getByRole("status")).toContainText("not a verifiable credential");

  await openSubmissionForm(page);
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("…or upload credential files or badge images").setInputFiles({
    name: "huge.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ padding: "x".repeat(1_100_000) })),
  });
  await page.getByLabel(/I consent/).check();
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByText(/larger than 1 MB/)).toBeVisible();

  await signInAs(page, "recruiter");
  await page.goto(`/search?q=${encodeURIComponent(person.name)}`);
  await expect(page.getByText("No candidate matches this search.")).toBeVisible();
});

test("the submission form says which fields to fix", async ({ page }) => {
  await openSubmissionForm(page);
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Tick the box to consent to verification.")).toBeVisible();
  await expect(page.getByText("Paste a credential, give a link or choose a file.")).toBeVisible();
});
