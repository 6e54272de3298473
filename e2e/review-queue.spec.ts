import { expect, signInAs, signTestBadge, submitCredential, test } from "./fixtures";

const shot = async (page: import("@playwright/test").Page, path: string) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: `${path}-1366.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${path}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
};

test("a verifier works the queue problems first, decides and moves on, and the recruiter sees the rejection", async ({
  page,
}, testInfo) => {
  const person = { name: "Rhoda Forger", email: "rhoda.forger@example.com" };
  const badge = await signTestBadge(person, { name: "Gilding", url: "https://skills.example.org/gilding" });
  (badge.credentialSubject.achievement as { name: string }).name = "Master Gilding Certificate";
  await submitCredential(page, person, JSON.stringify(badge));

  await signInAs(page, "verifier", "/review");
  const filters = page.getByRole("navigation", { name: "Filter by outcome" });
  await expect(filters.getByRole("link", { name: /Needs attention/ })).toHaveAttribute("aria-current", "page");
  // Problems only: every row on the first view has a problem, none is a plain pass.
  const rows = page.getByRole("row").filter({ has: page.getByRole("link") });
  await expect(rows.first()).toBeVisible();
  await shot(page, testInfo.outputPath("queue"));
  await expect(page.getByRole("row").filter({ hasText: person.name })).toContainText("Failed");

  await page
    .getByRole("row")
    .filter({ hasText: person.name })
    .getByRole("link", { name: "Master Gilding Certificate" })
    .click();
  await page.waitForLoadState("networkidle");
  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByLabel("Reason for your decision").fill("The achievement name was changed after signing.");
  await actions.getByRole("button", { name: "Reject and next" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rejected the previous credential" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).not.toContainText("Master Gilding Certificate");
  await shot(page, testInfo.outputPath("decided-and-next"));

  // Everything that passed every check is accepted in one go.
  await page.goto("/review?filter=passed");
  const ticked = await page.getByRole("checkbox", { name: /^Select / }).count();
  expect(ticked).toBeGreaterThan(0);
  await shot(page, testInfo.outputPath("passed"));
  await page.getByRole("button", { name: "Accept the ticked credentials" }).click();
  await expect(page.getByRole("status")).toHaveText(
    `Accepted ${ticked === 1 ? "1 credential" : `${ticked} credentials`} that passed every check.`,
  );

  // The recruiter's side: the rejection and its reason on the candidate page and on the result card.
  await page.goto("/search?q=Rhoda%20Forger");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: person.name }) });
  await expect(card.getByLabel("Verifiers' decision")).toContainText("1 credential rejected by a verifier");
  await expect(card.getByLabel("Verifiers' decision")).toContainText("The achievement name was changed after signing.");
  await shot(page, testInfo.outputPath("search-card"));
  await card.getByRole("link", { name: person.name }).click();
  const credential = page.getByRole("article", { name: "Master Gilding Certificate" });
  await expect(credential.getByLabel("Latest decision")).toContainText("Rejected by verifier@demo.attest");
  await expect(credential.getByLabel("Latest decision")).toContainText(
    "The achievement name was changed after signing.",
  );
});

test("an admin adds a report's unregistered issuer to the trust registry from the report", async ({
  page,
}, testInfo) => {
  const person = { name: "Ulla Unlisted", email: "ulla.unlisted@example.com" };
  await submitCredential(
    page,
    person,
    JSON.stringify(await signTestBadge(person, { name: "Enamelling", url: "https://skills.example.org/enamelling" })),
  );
  await signInAs(page, "admin", "/review?filter=untrusted-issuer");
  await page
    .getByRole("row")
    .filter({ hasText: person.name })
    .getByRole("link", { name: "Enamelling Certificate" })
    .click();
  await expect(page.getByRole("region", { name: "Verification report" })).toContainText(
    /Issuer: (failed|could not check|not checked)/i,
  );
  const registry = page.getByRole("region", { name: "Trust registry" });
  await registry.getByRole("button", { name: "Add this issuer to the registry" }).click();
  await expect(page.getByRole("status")).toContainText("End-to-end Test College is now on the trust registry");
  await expect(page.getByRole("region", { name: "Trust registry" })).toHaveCount(0);
  await shot(page, testInfo.outputPath("issuer-added"));
  // Audited: the trail names the issuer by its id (a DID), and says what was done.
  await page.goto("/admin/audit?action=registry.add");
  await expect(page.getByRole("main")).toContainText("Added a trusted issuer");
});
