import { confirmEmailFromMail, expect as baseExpect, open, signInAs, signTestBadge, test } from "./fixtures";

// Waits, not speed: two browsers, a mail round trip and a machine shared with other runs.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });

test("a recruiter makes an invitation, a candidate submits through its copied link, and once it is closed a new submission is refused", async ({
  page,
  browser,
}) => {
  const title = `Crane operators ${Date.now().toString(36)}`;
  const person = { name: "Ivo Invited", email: `ivo.${Date.now().toString(36)}@example.com` };
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);

  // The staff menu's link leads to the Invitations page.
  await signInAs(page, "recruiter");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invitations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invitations" })).toBeVisible();
  await page.waitForLoadState("networkidle");

  await page.getByLabel("Name (candidates see it)").fill(title);
  await page.getByRole("button", { name: "Create invitation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("0 submissions · 0 candidates confirmed")).toBeVisible();
  await expect(page.getByRole("img", { name: `QR code of the link of ${title}` })).toBeVisible();
  await page.waitForLoadState("networkidle");
  const detailUrl = page.url();

  // Copy the link with the button, as a recruiter pasting it into a mail would.
  await page.getByRole("button", { name: `Copy link: Link of ${title}` }).click();
  await expect(page.getByText("Copied to the clipboard.")).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/submit\/[\w-]{24}$/);
  const submitPath = new URL(link).pathname;

  // The candidate, in a browser of their own with no staff session, submits through that link.
  const candidateContext = await browser.newContext();
  const candidate = await candidateContext.newPage();
  await open(candidate, submitPath);
  await expect(candidate.getByText(`For: ${title}`)).toBeVisible();
  const badge = await signTestBadge(person, {
    name: "Tower Crane Operation",
    url: "https://example.com/skills/tower-crane",
  });
  await candidate.getByLabel("Your name").fill(person.name);
  await candidate.getByLabel("Email").fill(person.email);
  await candidate.getByLabel("Credential JSON").fill(JSON.stringify(badge));
  await candidate.getByLabel(/I consent/).check();
  await candidate.getByRole("button", { name: "Submit" }).click();
  await expect(candidate.getByRole("region", { name: "Receipt" })).toBeVisible();
  await confirmEmailFromMail(candidate, person.email);

  // A candidate holding the link sees nothing of the staff side.
  await candidate.goto("/invitations");
  await expect(candidate).toHaveURL(/\/sign-in\?redirectTo=%2Finvitations/);

  // The count went up, on the invitation and in the list.
  await page.goto(detailUrl);
  await expect(page.getByText("1 submission · 1 candidate confirmed")).toBeVisible();
  await page.goto("/invitations");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title }) });
  await expect(card.getByText("1 submission · 1 candidate confirmed")).toBeVisible();

  // The candidate's page names the invitation they came through.
  await card.getByRole("link", { name: title }).click();
  await page.getByRole("link", { name: person.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: person.name })).toBeVisible();
  await expect(page.getByLabel("Came through").getByRole("link", { name: title })).toBeVisible();

  // A second candidate opens the form; meanwhile the recruiter closes the invitation.
  await open(candidate, submitPath);
  await page.goto(detailUrl);
  await page.waitForLoadState("networkidle");
  await page.getByText("Close this invitation").click();
  await page.getByRole("button", { name: "Close invitation" }).click();
  await expect(
    page.getByText("Closed. Its link now tells candidates that it no longer takes submissions."),
  ).toBeVisible();
  await expect(page.getByText("Closed", { exact: true })).toBeVisible();

  // Sending the form that was already open is refused with a sentence, and so is opening the link afresh.
  await candidate.getByLabel("Your name").fill("Late Lou");
  await candidate.getByLabel("Email").fill("late.lou@example.com");
  await candidate.getByLabel("Credential JSON").fill(JSON.stringify(badge));
  await candidate.getByLabel(/I consent/).check();
  await candidate.getByRole("button", { name: "Submit" }).click();
  await expect(candidate.getByRole("alert")).toContainText("The employer closed this invitation on");
  await expect(candidate.getByRole("alert")).toContainText("ask the employer for a new link");
  const reopened = await candidate.goto(submitPath);
  expect(reopened?.status()).toBe(404);
  await expect(candidate.getByRole("heading", { name: "This invitation no longer takes submissions" })).toBeVisible();
  await expect(candidate.getByRole("link", { name: "Back to search" })).toHaveCount(0);
  await candidateContext.close();

  await page.reload();
  await expect(page.getByText("1 submission · 1 candidate confirmed")).toBeVisible();
});

test("wallet requests made for an invitation, VC-API and OpenID4VP, show their QR codes and links", async ({
  page,
}) => {
  await signInAs(page, "verifier", "/invitations");
  await page.getByLabel("Name (candidates see it)").fill("Wallet holders");
  await page.getByRole("button", { name: "Create invitation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Wallet holders" })).toBeVisible();
  const wallet = page.getByRole("region", { name: "Ask a candidate's wallet" });
  const vcApi = wallet.getByRole("region", { name: "Learner Credential Wallet (VC-API)" });
  await vcApi.getByLabel("Candidate's name").fill("Wim Wallet");
  await vcApi.getByLabel("Their email (for the confirmation link)").fill("wim@example.com");
  await vcApi.getByRole("button", { name: "Make a wallet request" }).click();
  const made = wallet.getByRole("status", { name: "New wallet request" });
  await expect(made.getByRole("img", { name: "QR code of the wallet request for Wim Wallet" })).toBeVisible();
  await expect(made.getByRole("textbox", { name: "Wallet link for Wim Wallet" })).toHaveValue(
    /^https:\/\/lcw\.app\/request\?request=/,
  );

  const openid4vp = wallet.getByRole("region", { name: "Any OpenID4VP wallet" });
  await openid4vp.getByLabel("Candidate's name").fill("Olga Open");
  await openid4vp.getByLabel("Their email (for the confirmation link)").fill("olga@example.com");
  await openid4vp.getByLabel("A credential of a given type from a given issuer").check();
  await openid4vp.getByRole("button", { name: "Make an OpenID4VP request" }).click();
  await expect(openid4vp.getByRole("alert")).toHaveText("Enter the credential type.");
  await expect(openid4vp.getByLabel("Candidate's name")).toHaveValue("Olga Open");
  await openid4vp.getByLabel("Any Open Badge").check();
  await openid4vp.getByRole("button", { name: "Make an OpenID4VP request" }).click();
  const request = openid4vp.getByRole("region", { name: "Wallet request" });
  await expect(request.getByRole("img", { name: "QR code for a wallet on another device" })).toBeVisible();
  await expect(request.getByRole("link", { name: "Open in a wallet on this device" })).toHaveAttribute(
    "href",
    /^openid4vp:\/\/\?client_id=/,
  );
  await expect(request.getByText("Waiting for the wallet")).toBeVisible();

  await page.reload();
  await expect(
    wallet.getByText(/Wim Wallet · Learner Credential Wallet · made .* · waiting for the wallet/),
  ).toBeVisible();
  await expect(
    wallet.getByText(/Olga Open · OpenID4VP, Any Open Badge · made .* · Waiting for the wallet/),
  ).toBeVisible();
});
