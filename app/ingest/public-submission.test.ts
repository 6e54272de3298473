import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { countPendingOutbox } from "#db/queries/search-outbox.server";
import { getOpenInvitation } from "#db/queries/submissions.server";
import { candidates, credentials, submissions } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { createVerifier } from "#app/verification/verifier.server";
import {
  createInvitation,
  findWithdrawal,
  requireOpenInvitation,
  submitThroughInvitation,
  withdrawSubmission,
} from "./public-submission.server";

describe.each(testDatabaseKinds())("submissions through invitations on $name", (kind) => {
  let handle: DatabaseHandle;
  let badge: string;
  let clock = new Date("2026-06-01T12:00:00Z");
  const now = () => clock;
  const deps = () => ({ db: handle.db, verify: createVerifier(now), now, publicUrl: "http://attest.test" });

  beforeAll(async () => {
    handle = await kind.open();
    const issuer = await generateIssuerKey({ name: "Invite College" });
    badge = JSON.stringify(
      await issueOpenBadge(issuer, {
        subject: { name: "Ina", email: "ina@example.com" },
        achievement: { name: "Forklift Safety", description: "Operates forklifts safely.", alignments: [] },
        validFrom: new Date("2026-01-01T00:00:00Z"),
      }),
    );
  });
  afterAll(() => handle?.close());

  const details = (email: string) => ({ name: "Ina", email, consent: true as const });
  const text = (body: string) => [{ type: "text" as const, text: body, source: "pasted text" }];

  it("refuses an unknown or expired invitation with a 404 that says what to do", async () => {
    const { token } = await createInvitation(handle.db, "Short campaign", new Date("2026-06-02T00:00:00Z"));
    expect(await getOpenInvitation(handle.db, token, clock)).not.toBeNull();
    clock = new Date("2026-06-03T00:00:00Z");
    const thrown = await requireOpenInvitation(deps(), token).catch((r) => r);
    expect(thrown).toBeInstanceOf(Response);
    expect(thrown.status).toBe(404);
    expect(await thrown.text()).toMatch(/Ask the employer for a new one/);
    expect(await requireOpenInvitation(deps(), "no-such-token").catch((r) => r.status)).toBe(404);
    clock = new Date("2026-06-01T12:00:00Z");
  });

  it("stores the submission in a pending record of its own, with a withdrawal link that deletes what it stored", async () => {
    const { token } = await createInvitation(handle.db, "Warehouse operatives");
    const invitation = await requireOpenInvitation(deps(), token);
    const result = await submitThroughInvitation(deps(), {
      invitation,
      clientAddress: "203.0.113.7",
      details: details("ina@example.com"),
      inputs: text(badge),
    });
    expect(result.status).toBe("done");
    if (result.status !== "done") return;
    expect(result.receipt[0]).toMatchObject({ tone: "ok" });
    expect(result.withdrawPath).toMatch(/^\/withdraw\/[\w-]{20,}$/);
    const token2 = result.withdrawPath!.split("/").pop()!;

    const [person] = await handle.db.select().from(candidates).where(eq(candidates.email, "ina@example.com"));
    const [row] = await handle.db.select().from(submissions).where(eq(submissions.candidateId, person.id));
    expect(row.clientHash).not.toContain("203.0.113.7");
    expect(row.withdrawTokenHash).not.toBe(token2);

    expect(person.identity).toBe("pending");
    expect(await findWithdrawal(handle.db, token2)).toMatchObject({
      submissionId: row.id,
      name: "Ina",
      credentials: 1,
      emailConfirmed: false,
    });
    const outboxBefore = await countPendingOutbox(handle.db);
    expect(await withdrawSubmission({ db: handle.db }, token2)).toBe(true);
    expect(await handle.db.select().from(candidates).where(eq(candidates.id, person.id))).toHaveLength(0);
    expect(await handle.db.select().from(credentials).where(eq(credentials.candidateId, person.id))).toHaveLength(0);
    expect(await countPendingOutbox(handle.db)).toBe(outboxBefore + 1);
    expect(await withdrawSubmission({ db: handle.db }, token2)).toBe(false);
  });

  it("gives no withdrawal link when nothing was stored", async () => {
    const invitation = await requireOpenInvitation(deps(), (await createInvitation(handle.db, "Empty")).token);
    const result = await submitThroughInvitation(deps(), {
      invitation,
      clientAddress: "203.0.113.8",
      details: details("nobody@example.com"),
      inputs: text("{ broken"),
    });
    expect(result).toMatchObject({ status: "done", withdrawPath: null });
  });

  it("rate-limits per client address and per invitation, storing nothing past the limit", async () => {
    const invitation = await requireOpenInvitation(deps(), (await createInvitation(handle.db, "Busy")).token);
    const limited = { ...deps(), rateLimits: { perClientPerHour: 2, perInvitationPerHour: 3 } };
    const send = (client: string, email: string) =>
      submitThroughInvitation(limited, {
        invitation,
        clientAddress: client,
        details: details(email),
        inputs: text(badge),
      });
    expect((await send("198.51.100.1", "a@example.com")).status).toBe("done");
    expect((await send("198.51.100.1", "b@example.com")).status).toBe("done");
    const third = await send("198.51.100.1", "c@example.com");
    expect(third).toMatchObject({ status: "rate-limited", reason: expect.stringMatching(/your connection/) });
    expect(await handle.db.select().from(candidates).where(eq(candidates.email, "c@example.com"))).toHaveLength(0);
    expect((await send("198.51.100.2", "d@example.com")).status).toBe("done");
    expect(await send("198.51.100.3", "e@example.com")).toMatchObject({
      status: "rate-limited",
      reason: expect.stringMatching(/invitation link/),
    });
  });
});
