import { ES256, digest, generateSalt } from "@sd-jwt/crypto-nodejs";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { didJwkOf } from "#app/wallet/openid4vp.server";
import { presentSdJwtVc, resolveRequest, submitAnswer } from "#app/wallet/scripted-wallet";
import { expect, signInAs, test } from "./fixtures";

const VCT = "https://credentials.example.edu/course-completion";

/** A course-completion SD-JWT VC from a fresh issuer, bound to the holder's key. */
async function walletCredential() {
  const [issuer, holder] = await Promise.all([ES256.generateKeyPair(), ES256.generateKeyPair()]);
  const iss = didJwkOf(issuer.publicKey as Record<string, unknown>);
  const sdJwt = new SDJwtVcInstance({
    signer: await ES256.getSigner(issuer.privateKey),
    signAlg: "ES256",
    hasher: digest,
    hashAlg: "sha-256",
    saltGenerator: generateSalt,
  });
  const credential = await sdJwt.issue(
    {
      iss,
      vct: VCT,
      iat: Math.floor(Date.now() / 1000) - 3600,
      name: "Glassblowing Practice",
      skills: [{ name: "Glassblowing" }],
      cnf: { jwk: { kty: "EC", crv: "P-256", x: holder.publicKey.x, y: holder.publicKey.y } },
    } as never,
    { _sd: ["name", "skills"] } as never,
    { header: { typ: "dc+sd-jwt", kid: `${iss}#0` } },
  );
  return { credential, holder };
}

test("a recruiter asks a wallet with a QR code; the wallet answers and the page follows it to verified", async ({
  page,
}, testInfo) => {
  await signInAs(page, "recruiter", "/wallet-requests");
  await expect(page.getByRole("heading", { name: "Ask a wallet" })).toBeVisible();
  await page.getByLabel("Candidate's name").fill("Gwen Glass");
  await page.getByLabel("Candidate's email").fill("gwen.glass@example.com");
  await page.getByLabel("An SD-JWT VC of a given type (vct)").check();
  await page.getByRole("button", { name: "Create the request" }).click();
  await expect(page.getByRole("alert")).toHaveText("Enter the credential type (vct).");
  await page.getByLabel("SD-JWT VC type, vct (for an SD-JWT VC)").fill(VCT);
  await page.getByRole("button", { name: "Create the request" }).click();

  await expect(page.getByRole("heading", { name: "Wallet request for Gwen Glass" })).toBeVisible();
  const panel = page.getByRole("region", { name: "Wallet request" });
  await expect(panel.getByRole("status")).toContainText("Waiting for the wallet");
  await expect(panel.getByRole("img", { name: /QR code/ }).locator("svg")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("waiting-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("waiting-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The wallet on the same device opens the openid4vp:// link; a phone's camera would read the same text from the QR code.
  const link = (await panel.getByRole("link", { name: "Open in a wallet on this device" }).getAttribute("href"))!;
  expect(link).toMatch(/^openid4vp:\/\/\?client_id=x509_san_dns%3A127\.0\.0\.1&request_uri=/);
  const { credential, holder } = await walletCredential();
  const resolved = await resolveRequest(link, fetch, { encrypt: true });
  expect(resolved.authorizationRequestPayload.response_mode).toBe("direct_post.jwt");
  await expect(panel.getByRole("status")).toContainText("a wallet has opened the request");
  const presentation = await presentSdJwtVc(credential, holder, {
    nonce: resolved.authorizationRequestPayload.nonce,
    aud: resolved.client.effective,
  });
  const answer = await submitAnswer(resolved, { sd_jwt_vc: [presentation] }, fetch);
  expect(answer.status).toBe(200);

  // No reload: the page follows the request on its own.
  await expect(panel.getByRole("status")).toContainText("Verified", { timeout: 15_000 });
  await expect(panel).toContainText("Glassblowing Practice: verified and added");
  await expect(panel).toContainText("once they follow the confirmation link mailed to gwen.glass@example.com");
  await page.screenshot({ path: testInfo.outputPath("verified-desktop.png"), fullPage: true });

  await page.getByRole("link", { name: "Open the candidate's record" }).click();
  await expect(page.getByRole("heading", { name: "Gwen Glass" })).toBeVisible();
  await expect(page.getByText("Glassblowing Practice").filter({ visible: true }).first()).toBeVisible();

  // The same answer again is a replay: refused with a sentence.
  const replay = await submitAnswer(resolved, { sd_jwt_vc: [presentation] }, fetch);
  expect(replay.status).toBe(400);
  expect(await replay.json()).toMatchObject({
    error: "invalid_request",
    error_description: expect.stringMatching(/already been answered/),
  });
});

test("a wallet answer over another nonce is refused, and the recruiter sees why", async ({ page }) => {
  await signInAs(page, "recruiter", "/wallet-requests");
  await page.getByLabel("Candidate's name").fill("Nora Nonce");
  await page.getByLabel("Candidate's email").fill("nora.nonce@example.com");
  await page.getByLabel("An SD-JWT VC of a given type (vct)").check();
  await page.getByLabel("SD-JWT VC type, vct (for an SD-JWT VC)").fill(VCT);
  await page.getByRole("button", { name: "Create the request" }).click();
  const panel = page.getByRole("region", { name: "Wallet request" });
  const link = (await panel.getByRole("link", { name: "Open in a wallet on this device" }).getAttribute("href"))!;
  const { credential, holder } = await walletCredential();
  const resolved = await resolveRequest(link, fetch);
  const presentation = await presentSdJwtVc(credential, holder, {
    nonce: "someone-elses-nonce",
    aud: resolved.client.effective,
  });
  const answer = await submitAnswer(resolved, { sd_jwt_vc: [presentation] }, fetch);
  expect(answer.status).toBe(400);
  await expect(panel.getByRole("status")).toContainText("Refused", { timeout: 15_000 });
  await expect(panel).toContainText("its nonce is not the one Attest issued");
});
