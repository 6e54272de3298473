import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { open, signInAs, signTestBadge, submitCredential } from "./fixtures";

/** Finds the candidate by name (once the index has caught up) and opens their page; returns its path. */
async function openCandidate(page: Page, name: string): Promise<string> {
  await expect(async () => {
    await open(page, `/search?q=${encodeURIComponent(name)}`);
    await expect(page.getByRole("link", { name })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("link", { name }).click();
  await page.waitForURL(/\/candidates\//);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  return new URL(page.url()).pathname;
}

const issuerLine = (page: Page, achievement: string) =>
  page
    .getByRole("article", { name: achievement })
    .getByRole("list", { name: "Checks" })
    .getByRole("listitem")
    .filter({ hasText: /^Issuer:/ });

test("an admin adds a credential's issuer to the trust registry and the credential's issuer line changes", async ({
  page,
}, testInfo) => {
  const person = { name: "Tomasz Kilnworth", email: "tomasz.kilnworth@example.com" };
  const badge = await signTestBadge(person, {
    name: "Kiln Operation",
    url: "https://skills.example.org/kiln-operation",
  });
  const achievement = "Kiln Operation Certificate";

  const receipt = await submitCredential(page, person, JSON.stringify(badge, null, 2));
  await expect(receipt.getByRole("status")).toContainText(`${achievement}” verified`);

  // Straight to an admin page: the dashboard is not what this story is about.
  await signInAs(page, "admin", "/admin/registry");
  const candidatePath = await openCandidate(page, person.name);
  const credential = page.getByRole("article", { name: achievement });
  await expect(credential).toContainText("Issued by End-to-end Test College");
  await expect(issuerLine(page, achievement)).toContainText("Issuer: could not check");
  await expect(issuerLine(page, achievement)).toContainText("not on any trusted-issuer registry");

  await open(page, "/admin/registry");
  await page.getByLabel("Issuer DID or URL").fill(badge.issuer.id);
  await page.getByLabel("Display name").fill("Harbourside Test College");
  await page.getByLabel("Homepage (optional)").fill("https://harbourside.example.edu");
  await page.getByRole("button", { name: "Add issuer" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Harbourside Test College is now on the registry. 1 stored credential now shows the change.",
  );
  const row = page.getByRole("row").filter({ hasText: badge.issuer.id });
  await expect(row).toContainText("Harbourside Test College");
  await expect(row).toContainText("added by hand");
  await expect(row.getByRole("cell").nth(4)).toHaveText("1");
  await page.screenshot({ path: testInfo.outputPath("registry-wide.png"), fullPage: true });
  await page.setViewportSize({ width: 400, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("registry-narrow.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  await open(page, candidatePath);
  await expect(credential).toContainText("Issued by Harbourside Test College");
  await expect(issuerLine(page, achievement)).toContainText("Issuer: passed");
  await expect(issuerLine(page, achievement)).toContainText(
    "The issuer is Harbourside Test College, as listed in the manual registry",
  );
});

test("an admin imports a registry file, is told what was skipped, and removes an issuer after confirming", async ({
  page,
}) => {
  await signInAs(page, "admin", "/admin/registry");
  await page.getByLabel("Issuer DID or URL").fill("not an issuer");
  await page.getByLabel("Display name").fill("Nobody");
  await page.getByRole("button", { name: "Add issuer" }).click();
  await expect(page.getByRole("alert")).toHaveText(/^The issuer must be a DID \(did:method:…\) or an https:\/\/ URL/);

  const registry = {
    meta: { created: "2026-11-29" },
    registry: {
      "did:web:lakeside.example.edu": {
        name: "Lakeside Polytechnic",
        url: "https://lakeside.example.edu",
        location: "Lakeside",
      },
      "did:web:nameless.example.org": { url: "https://nameless.example.org" },
    },
  };
  await page.getByLabel("Registry file", { exact: true }).setInputFiles({
    name: "partner-registry.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(registry)),
  });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Imported: 1 added, 0 updated, 1 skipped because did:web:nameless.example.org has no name, from the partner-registry registry.",
  );
  const row = page.getByRole("row").filter({ hasText: "did:web:lakeside.example.edu" });
  await expect(row).toContainText("partner-registry");

  await row.getByText("Remove", { exact: true }).click();
  await expect(row).toContainText("0 stored credentials from this issuer will show as not on the registry.");
  await row.getByRole("button", { name: "Yes, remove Lakeside Polytechnic" }).click();
  await expect(page.getByRole("status")).toHaveText("Removed Lakeside Polytechnic from the registry.");
  await expect(page.getByRole("row").filter({ hasText: "did:web:lakeside.example.edu" })).toHaveCount(0);
});
