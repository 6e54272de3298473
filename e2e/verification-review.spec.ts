import { expect, test } from "./fixtures";
import { signInAs, signTestBadge, submitCredential } from "./fixtures";

test("a verifier reads a failed report, re-verifies it and rejects it with a reason", async ({ page }, testInfo) => {
  const person = { name: "Quentin Tamper", email: "quentin.tamper@example.com" };
  const badge = await signTestBadge(person, { name: "Lacquerwork", url: "https://skills.example.org/lacquerwork" });
  (badge.credentialSubject.achievement as { name: string }).name = "Master Lacquerwork Certificate";
  const receipt = await submitCredential(page, person, JSON.stringify(badge));
  await expect(receipt.getByRole("status")).toContainText("did not verify");

  await signInAs(page, "verifier", "/review");
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("queue-wide.png"), fullPage: true });

  await page
    .getByRole("navigation", { name: "Filter by outcome" })
    .getByRole("link", { name: /Failed/ })
    .click();
  await expect(page).toHaveURL(/\/review\?filter=failed/);
  const row = page.getByRole("row").filter({ hasText: person.name });
  await expect(row).toContainText("Failed");
  await page.setViewportSize({ width: 400, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("queue-400px.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await row.getByRole("link", { name: "Master Lacquerwork Certificate" }).click();

  await expect(page.getByRole("heading", { name: /Master Lacquerwork Certificate/ })).toBeVisible();
  await page.waitForLoadState("networkidle");
  const report = page.getByRole("region", { name: "Verification report" });
  const signature = report.getByRole("listitem").filter({ hasText: "Signature: failed" });
  await expect(signature).toContainText("The digital signature does not match the content");
  await expect(signature.getByRole("definition").first()).toBeVisible();
  await expect(signature.locator("dl")).toContainText("Key");
  await expect(page.getByRole("region", { name: "Skills" })).toContainText("Lacquerwork (claimed)");
  await expect(page.getByRole("link", { name: person.name })).toHaveAttribute("href", /\/candidates\//);

  await page.getByText(/Raw document/).click();
  await expect(page.getByLabel("Raw document")).toContainText('"Master Lacquerwork Certificate"');
  await page.screenshot({ path: testInfo.outputPath("report-wide.png"), fullPage: true });

  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByRole("button", { name: "Re-verify now" }).click();
  await expect(actions.getByRole("status")).toHaveText("Verified again: the verdict is unchanged.");

  await actions.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(actions.getByText("Give a reason to reject this credential.")).toBeVisible();
  await actions
    .getByLabel("Reason for your decision")
    .fill("The achievement name was changed after the college signed it.");
  await actions.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(actions.getByRole("status")).toHaveText("Rejected: the decision is recorded.");
  await expect(page.getByRole("region", { name: "Current decision" })).toContainText(
    "Rejected by verifier@demo.attest",
  );
  await expect(page.getByRole("region", { name: "History" })).toContainText(
    "The achievement name was changed after the college signed it.",
  );
  // The decision sits beside the verdict; it does not change it.
  await expect(page.getByRole("heading", { name: /Master Lacquerwork Certificate/ })).toContainText("Failed");

  await page.setViewportSize({ width: 400, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("report-400px.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // From the candidate's page, each credential leads a verifier back to its full report.
  await page.getByRole("link", { name: person.name }).click();
  await expect(page.getByRole("heading", { name: person.name, level: 1 })).toBeVisible();
  await page
    .getByRole("article", { name: "Master Lacquerwork Certificate" })
    .getByRole("link", { name: "Open the full verification report" })
    .click();
  await expect(page.getByRole("heading", { name: /Master Lacquerwork Certificate/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Current decision" })).toContainText(
    "Rejected by verifier@demo.attest",
  );

  await page.getByRole("link", { name: "← Back to the queue" }).click();
  await page
    .getByRole("navigation", { name: "Status" })
    .getByRole("link", { name: /Decided/ })
    .click();
  await expect(page.getByRole("row").filter({ hasText: person.name })).toContainText("Rejected");

  await page.goto("/review?status=decided&filter=indeterminate");
  await expect(page.getByText("No credential has been decided with the filter “Could not check”.")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("queue-empty.png"), fullPage: true });
});

test("a recruiter cannot open the review queue", async ({ page }) => {
  await signInAs(page, "recruiter", "/review");
  await expect(page.getByText("Your role (recruiter) cannot open this; it needs verifier.")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Review queue" })).toHaveCount(
    0,
  );
});
