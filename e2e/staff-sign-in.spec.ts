import { expect, test } from "./fixtures";
import { signInAs } from "./fixtures";

test("a signed-out visitor is sent to sign in and comes back to the page they asked for", async ({ page }) => {
  await page.goto("/shortlists");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fshortlists$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText(["Sign in"]);
  await expect(page.getByRole("region", { name: "Demo accounts" })).toContainText("recruiter@demo.attest");
  await page.waitForLoadState("networkidle");

  await page.getByLabel("Email").fill("recruiter@demo.attest");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The email or password is not right.");

  const password = (await page.getByRole("region", { name: "Demo accounts" }).locator("code").first().textContent())!;
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/shortlists$/);
  await expect(page.getByRole("heading", { name: "Shortlists", level: 1 })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Search candidates" })).toBeVisible();

  await nav.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/search");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fsearch$/);
});

test("a recruiter cannot open the admin pages", async ({ page }) => {
  await signInAs(page, "recruiter");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Search candidates" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Skill aliases" })).toHaveCount(0);
  for (const path of ["/admin/users", "/admin/aliases"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByText("Your role (recruiter) cannot open this")).toBeVisible();
  }
});

test("an admin invites a staff member and gets a one-time link to pass on", async ({ page }) => {
  await signInAs(page, "admin", "/admin/users");
  await expect(page.getByRole("heading", { name: "Staff accounts" })).toBeVisible();
  const invite = page.getByRole("region", { name: "Invite a staff member" });
  await invite.getByLabel("Email").fill("new.recruiter@example.com");
  await invite.getByLabel("Name").fill("New Recruiter");
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByRole("status")).toContainText(/\/set-password\/[\w-]+/);
  await expect(page.getByRole("region", { name: "Staff", exact: true })).toContainText("new.recruiter@example.com");
});
