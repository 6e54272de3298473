import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";

/** The loopback port where tests serve share links; the app under test allows it (playwright.config.ts). */
export const SHARE_HOST_PORT = 3199;

/**
 * A credential signed for real by a fresh test issuer, with a skill no demo candidate holds, so a test can tell
 * its own candidate apart from the seeded ones.
 */
export async function signTestBadge(person: { name: string; email: string }, skill: { name: string; url: string }) {
  const issuer = await generateIssuerKey({ name: "End-to-end Test College" });
  return issueOpenBadge(issuer, {
    subject: person,
    achievement: {
      name: `${skill.name} Certificate`,
      description: `Demonstrated ${skill.name.toLowerCase()} in a supervised practical assessment.`,
      achievementType: "Certificate",
      alignments: [{ targetName: skill.name, targetUrl: skill.url }],
    },
    validFrom: new Date(Date.now() - 24 * 60 * 60 * 1000),
  });
}
