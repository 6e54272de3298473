import { expect, test } from "./fixtures";
import { signInAs } from "./fixtures";

test("an admin makes an API key that can only verify, uses it once, and revokes it", async ({ page, request }) => {
  await signInAs(page, "admin", "/admin/api-keys");
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  const form = page.getByRole("region", { name: "New key" });
  await form.getByLabel("Name").fill("Screening script");
  await form.getByLabel("Expires after (days; empty: never)").fill("30");
  await form.getByRole("button", { name: "Make the key" }).click();
  const shown = page.getByRole("region", { name: "New API key" });
  await expect(shown).toContainText("only time it is shown");
  const secret = (await shown.locator("code").textContent())!;
  expect(secret).toMatch(/^attest_/);
  await page.screenshot({ path: "test-results/api-keys-desktop.png", fullPage: true });

  // The key verifies, and may not submit (the page ticked "verify" only).
  const verify = await request.post("/api/credentials/verify", {
    headers: { authorization: `Bearer ${secret}` },
    data: {},
  });
  expect(verify.status()).toBe(400);
  const submit = await request.post("/api/submissions", { headers: { authorization: `Bearer ${secret}` }, data: {} });
  expect(submit.status()).toBe(403);

  await page.reload();
  const keys = page.getByRole("region", { name: "Keys" });
  await expect(keys).toContainText("Screening script");
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/api-keys-phone.png", fullPage: true });
  await keys.getByRole("button", { name: "Revoke Screening script" }).click();
  await expect(page.getByRole("status")).toContainText("Revoked");
  const after = await request.post("/api/credentials/verify", {
    headers: { authorization: `Bearer ${secret}` },
    data: {},
  });
  expect(after.status()).toBe(401);
});
