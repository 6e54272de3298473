import { expect, signInAs, test } from "./fixtures";

test("a recruiter moves a candidate between shortlists, removes one, and exports absolute profile links", async ({
  page,
}, testInfo) => {
  await signInAs(page, "recruiter", "/search");
  const candidate = page.getByRole("list").locator("li.result").first().getByRole("link").first();
  const name = (await candidate.textContent())!.trim();
  await candidate.click();
  await page.getByRole("combobox", { name: "Shortlist", exact: true }).fill("Move drill: first list");
  await page.getByRole("textbox", { name: "Note", exact: true }).fill("strong portfolio");
  await page.getByRole("button", { name: "Save to shortlist" }).click();
  await page.getByRole("status").getByRole("link", { name: "Move drill: first list" }).click();
  await page.waitForLoadState("networkidle");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await (await download).createReadStream().then(async (stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  });
  expect(csv).toMatch(/,http:\/\/127\.0\.0\.1:\d+\/candidates\/[^,\s]+/);

  await page.getByLabel(`Move ${name} to the shortlist`).fill("Move drill: second list");
  await page.getByRole("button", { name: `Move ${name}`, exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Moved to “Move drill: second list”.");
  await expect(page.getByText("This shortlist is empty.")).toBeVisible();

  await page.goto("/shortlists");
  await page.getByRole("link", { name: "Move drill: second list" }).click();
  await expect(page.getByRole("link", { name })).toBeVisible();
  await expect(page.getByText("strong portfolio")).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("shortlist-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("shortlist-1366.png"), fullPage: true });
  await page.getByRole("button", { name: `Remove ${name}`, exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Removed from this shortlist.");
  await expect(page.getByText("This shortlist is empty.")).toBeVisible();
});
