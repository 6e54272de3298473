/**
 * Issue 11, finding 1: a stranger with an open invitation link and someone else's email must not rename their
 * record, attach credentials to it, or erase it. Written against the public surfaces only (the form's use case and
 * the withdrawal page's action), so it reads as the attack it guards against.
 */
import { eq } from "drizzle-orm";
import type { AppLoadContext } from "@remix-run/node";
import type { DatabaseHandle } from "#db/client.server";
import { candidates, credentials } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { createInvitation, requireOpenInvitation, submitThroughInvitation } from "#app/ingest/public-submission.server";
import { submitItems } from "#app/ingest/submit.server";
import { createVerifier } from "#app/verification/verifier.server";
import { action as withdrawAction } from "#app/routes/withdraw.$token";

describe.each(testDatabaseKinds())("identity attacks through the public form on $name", (kind) => {
  let handle: DatabaseHandle;
  let issuer: Awaited<ReturnType<typeof generateIssuerKey>>;
  const now = () => new Date("2026-06-01T12:00:00Z");
  const deps = () => ({ db: handle.db, verify: createVerifier(now), now, publicUrl: "http://attest.test" });

  beforeAll(async () => {
    handle = await kind.open();
    issuer = await generateIssuerKey({ name: "Takeover College" });
  });
  afterAll(() => handle?.close());

  const badge = async (email: string, achievement: string) => [
    {
      type: "text" as const,
      source: "pasted text",
      text: JSON.stringify(
        await issueOpenBadge(issuer, {
          subject: { name: "Someone", email },
          achievement: { name: achievement, description: `${achievement}, assessed.`, alignments: [] },
          validFrom: new Date("2026-01-01T00:00:00Z"),
        }),
      ),
    },
  ];

  async function submitByForm(name: string, email: string, achievement: string, client: string) {
    const invitation = await requireOpenInvitation(
      deps(),
      (await createInvitation(handle.db, "Open applications")).token,
    );
    const result = await submitThroughInvitation(deps(), {
      invitation,
      clientAddress: client,
      details: { name, email, consent: true },
      inputs: await badge(email, achievement),
    });
    if (result.status !== "done") throw new Error("rate-limited");
    return result.withdrawPath!.split("/").pop()!;
  }

  async function withdraw(token: string) {
    const services = {
      db: handle.db,
      indexer: { nudge: () => {} },
      log: () => {},
      now,
    } as unknown as AppLoadContext["services"];
    return withdrawAction({
      request: new Request(`http://attest.test/withdraw/${token}`, {
        method: "POST",
        body: new URLSearchParams({ intent: "withdraw" }),
      }),
      params: { token },
      context: { services, clientAddress: "203.0.113.99" } as AppLoadContext,
    });
  }

  const recordOf = async (email: string) => {
    const rows = await handle.db.select().from(candidates).where(eq(candidates.email, email));
    const known = rows.find((row) => (row as { identity?: string }).identity !== "pending") ?? rows[0];
    const held = known ? await handle.db.select().from(credentials).where(eq(credentials.candidateId, known.id)) : [];
    return { name: known?.displayName, achievements: held.map((c) => c.achievementName).sort() };
  };

  it("a submission with someone else's email neither renames their record nor joins it, and its link erases none of it", async () => {
    // Vera's record comes from a trusted caller (an applicant-tracking system's API key).
    await submitItems(
      deps(),
      { name: "Vera Victim", email: "vera@example.com", consent: true },
      await badge("vera@example.com", "Welding"),
    );
    const attackerLink = await submitByForm(
      "HACKED by Mallory",
      "vera@example.com",
      "Diploma Mill Degree",
      "198.51.100.66",
    );

    expect(await recordOf("vera@example.com")).toEqual({ name: "Vera Victim", achievements: ["Welding"] });
    await withdraw(attackerLink);
    expect(await recordOf("vera@example.com")).toEqual({ name: "Vera Victim", achievements: ["Welding"] });
  });

  it("pre-claiming: a stranger who submits first with Pat's email cannot erase what Pat sends later", async () => {
    const attackerLink = await submitByForm("Pat (not really)", "pat@example.com", "Fake Certificate", "198.51.100.67");
    const patLink = await submitByForm("Pat Person", "pat@example.com", "Forklift Safety", "198.51.100.68");
    await withdraw(attackerLink);
    const pats = await handle.db.select().from(credentials).where(eq(credentials.achievementName, "Forklift Safety"));
    expect(pats).toHaveLength(1);
    // Pat's own link still works on Pat's submission.
    await withdraw(patLink);
    expect(
      await handle.db.select().from(credentials).where(eq(credentials.achievementName, "Forklift Safety")),
    ).toHaveLength(0);
  });
});
