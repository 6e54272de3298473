import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { toCardFields } from "#app/credential-card/card-fields.server";
import { CredentialCard } from "./credential-card";

const credential = (image?: string) =>
  JSON.stringify({
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    credentialSubject: {
      achievement: {
        name: "Welding",
        description: "Joins steel plates.",
        criteria: { id: "https://tracker.example/criteria?who=ada", narrative: "Pass the bend test." },
        ...(image ? { image: { id: image } } : {}),
      },
    },
  });

const render = (rawText: string) =>
  renderToStaticMarkup(
    createElement(CredentialCard, {
      credentialId: "cred 1",
      fields: toCardFields(rawText),
      issuer: "Harbour College",
      summary: { tone: "fail", text: "1 problem: expired 29 Nov 2026" },
    }),
  );

describe("the credential card", () => {
  it("loads a linked image from Attest's own route, never from the URL in the credential", () => {
    const html = render(credential("https://tracker.example/pixel.png?who=ada"));
    expect(html).toContain('src="/credentials/cred%201/image"');
    expect(html).not.toContain("pixel.png");
  });

  it("shows a neutral placeholder when the credential has no image", () => {
    expect(render(credential())).toContain('src="data:image/svg+xml,');
  });

  it("shows issuer, description, criteria and the summary line", () => {
    const html = render(credential());
    expect(html).toContain("Issued by Harbour College · Open Badge 3.0");
    expect(html).toContain("Joins steel plates.");
    expect(html).toContain("Pass the bend test.");
    expect(html).toContain('rel="noreferrer noopener"');
    expect(html).toMatch(/class="summary-line summary-fail"[^>]*>1 problem: expired 29 Nov 2026</);
  });
});
