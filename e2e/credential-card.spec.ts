import { createServer, type Server } from "node:http";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { expect, test } from "./fixtures";
import { SHARE_HOST_PORT, signInAs, submitCredential } from "./fixtures";

/** The issuer's image host, on the loopback port the app is allowed to fetch from in tests. */
let imageHost: Server;
const imageRequests: string[] = [];
const BADGE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><circle cx="48" cy="48" r="44" fill="#1d4ed8"/>' +
  '<circle cx="48" cy="48" r="34" fill="#fbbf24"/><text x="48" y="60" font-size="34" text-anchor="middle" ' +
  'font-family="sans-serif" fill="#1e3a8a">W</text></svg>';
test.beforeAll(async () => {
  imageHost = createServer((req, res) => {
    imageRequests.push(req.url ?? "");
    if (req.url === "/badges/welding.svg") res.writeHead(200, { "content-type": "image/svg+xml" }).end(BADGE_SVG);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => imageHost.listen(SHARE_HOST_PORT, "127.0.0.1", resolve));
});
test.afterAll(() => new Promise<void>((resolve) => imageHost.close(() => resolve())));

const day = 24 * 60 * 60 * 1000;

test("a verifier reads a credential as a card: badge image, issuer, description, criteria and one summary line", async ({
  page,
}, testInfo) => {
  const person = { name: "Wren Welder", email: "wren.welder@example.com" };
  const issuer = await generateIssuerKey({ name: "Harbour Technical College" });
  const expiredOn = new Date(Date.now() - 2 * day);
  const expired = await issueOpenBadge(issuer, {
    subject: person,
    achievement: {
      name: "Structural Welding",
      description: "Welds structural steel to the standard of a site inspection.",
      criteria: "Passed a supervised bend test on three joints, inspected by a certified welding inspector.",
      achievementType: "Certificate",
      image: `http://127.0.0.1:${SHARE_HOST_PORT}/badges/welding.svg`,
      alignments: [{ targetName: "Structural welding", targetUrl: "https://skills.example.org/structural-welding" }],
    },
    validFrom: new Date(Date.now() - 400 * day),
    validUntil: expiredOn,
  });
  // An image on a private address: never fetched, shown as the placeholder.
  const intranet = await issueOpenBadge(issuer, {
    subject: person,
    achievement: {
      name: "Rigging Basics",
      description: "Plans and signals a simple lift.",
      image: "https://10.0.0.7/badges/rigging.png",
      alignments: [{ targetName: "Rigging", targetUrl: "https://skills.example.org/rigging" }],
    },
    validFrom: new Date(Date.now() - day),
  });
  await submitCredential(page, person, JSON.stringify(expired));
  await submitCredential(page, person, JSON.stringify(intranet));

  // Every request the staff browser makes: none may go to a host the credential named.
  const browserRequests: string[] = [];
  page.on("request", (request) => browserRequests.push(request.url()));

  await signInAs(page, "verifier", "/review?filter=failed");
  await page.getByRole("link", { name: "Structural Welding" }).first().click();
  await expect(page.getByRole("heading", { name: /Structural Welding/ })).toBeVisible();
  const report = page.getByRole("region", { name: "Verification report" });
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(expiredOn);
  await expect(report.getByRole("note", { name: "Summary of the checks" })).toHaveText(
    new RegExp(`^1 problem: expired ${when}`),
  );
  await expect(report).toContainText("Issued by Harbour Technical College · Open Badge 3.0");
  await expect(report).toContainText("Welds structural steel to the standard of a site inspection.");
  await expect(report).toContainText("Criteria: Passed a supervised bend test");
  const image = report.locator("img.badge-image");
  await expect(image).toHaveAttribute("src", /^\/credentials\/.+\/image$/);
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  const served = await page.request.get((await image.getAttribute("src"))!);
  expect(served.headers()["content-type"]).toBe("image/svg+xml");
  expect(served.headers()["x-content-type-options"]).toContain("nosniff");
  expect(served.headers()["content-security-policy"]).toContain("sandbox");
  expect(imageRequests).toEqual(["/badges/welding.svg"]);

  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("report-card-1366.png"), fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("report-card-390.png"), fullPage: false });
  await page.setViewportSize({ width: 1366, height: 900 });

  await page.getByRole("link", { name: person.name }).click();
  await expect(page.getByRole("heading", { name: person.name, level: 1 })).toBeVisible();
  const welding = page.getByRole("article", { name: "Structural Welding" });
  await expect(welding.getByRole("note", { name: "Summary of the checks" })).toHaveText(
    new RegExp(`^1 problem: expired ${when}`),
  );
  await expect(welding).toContainText("Criteria: Passed a supervised bend test");
  const rigging = page.getByRole("article", { name: "Rigging Basics" });
  await expect(rigging.getByRole("note", { name: "Summary of the checks" })).toHaveText(/^Could not check issuer/);
  const placeholder = rigging.locator("img.badge-image");
  await expect
    .poll(() => placeholder.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  const refused = await page.request.get((await placeholder.getAttribute("src"))!);
  expect(refused.headers()["x-attest-image"]).toBe("placeholder");

  await page.getByRole("heading", { name: "Credentials (2)" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("candidate-cards-1366.png"), fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("heading", { name: "Credentials (2)" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("candidate-cards-390.png"), fullPage: false });

  expect(browserRequests.filter((url) => !url.startsWith(testInfo.project.use.baseURL!))).toEqual([]);
});
