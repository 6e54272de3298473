import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CandidateSkill } from "#app/recruiting/candidate-profile.server";
import { ExternalLink, safeExternalHref } from "./external-link";
import { SkillEvidence } from "./skill-evidence";

const hostile = [
  "javascript:alert(document.cookie)",
  " JavaScript:alert(1)",
  "java\tscript:alert(1)",
  "\u0001javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "file:///etc/passwd",
  "/admin/users",
  "//evil.example/x",
  "evil.example",
];

describe("links to what a credential or registry names", () => {
  it("only http: and https: become links", () => {
    expect(safeExternalHref("https://credentials.example.edu/skills/python")).toBe(
      "https://credentials.example.edu/skills/python",
    );
    expect(safeExternalHref("http://example.org/a b")).toBe("http://example.org/a%20b");
    for (const value of hostile) expect(safeExternalHref(value), JSON.stringify(value)).toBeNull();
  });

  it("shows anything else as text, with no href", () => {
    for (const value of hostile) {
      const html = renderToStaticMarkup(createElement(ExternalLink, { href: value, children: "definition" }));
      expect(html, JSON.stringify(value)).not.toMatch(/href/);
      expect(html).toContain("definition");
    }
  });

  it("the candidate page's 'definition' link of a skill alignment is never a javascript: link", () => {
    const skill = (targetUrl: string) =>
      ({
        key: "name:python",
        label: "Python",
        verified: true,
        evidence: [
          {
            credentialId: "cred_1",
            achievementName: "Python Certificate",
            verdict: "verified",
            issuerName: "Example College",
            submittedAt: "2026-11-01T00:00:00.000Z",
            mapping: "url",
            framework: null,
            targetUrl,
          },
        ],
      }) as unknown as CandidateSkill;
    const bad = renderToStaticMarkup(createElement(SkillEvidence, { skill: skill("javascript:alert(1)") }));
    expect(bad).not.toMatch(/href="javascript/i);
    expect(bad).toContain("definition");
    const good = renderToStaticMarkup(createElement(SkillEvidence, { skill: skill("https://example.edu/python") }));
    expect(good).toContain('href="https://example.edu/python"');
  });
});
