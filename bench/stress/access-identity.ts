/**
 * Identity attacks for `npm run stress -- access` (issue 11): with nothing but an open invitation link, a wallet
 * request's link and someone else's email address, try to take over their record. A takeover is any of: the
 * victim's record renamed, a credential added to it, or any of it erased, by someone who never proved the
 * address. Mail is caught by a real SMTP server (smtp-server) the scenario starts, so honest candidates confirm
 * their address as a person would.
 *
 * Probes: another's email through the form, through the API without a key, and through the wallet exchange (a
 * presentation signed by the attacker's own DID); pre-claiming (the attacker submits first, the real person second
 * and confirms); a withdrawal link aimed at other submissions (the attacker's own link with the victim's ids
 * added, before and after the victim confirms). Figure: takeovers (must be 0).
 */
import { randomBytes } from "node:crypto";
import { startSmtpCatcher } from "#app/mail/smtp-catcher.server";

interface Answer {
  status: number;
  body: string;
}
/** The scenario's prober (bench/stress/access.ts), as far as these probes use it. */
/**
 * The id of the first search result whose name holds `word`, read from the search page's HTML. A result links to
 * `/candidates/<id>`, possibly with a query (the search to go back to), and the link's text is the name.
 */
export function candidateIdInSearchPage(html: string, word: string): string | null {
  return new RegExp(`/candidates/(cand_[\\w-]+)(?:\\?[^"]*)?"[^>]*>[^<]*${word}`, "i").exec(html)?.[1] ?? null;
}

export interface IdentityProber {
  send(
    path: string,
    init?: {
      method?: string;
      cookie?: string;
      form?: Record<string, string>;
      json?: unknown;
      headers?: Record<string, string>;
      body?: BodyInit;
    },
  ): Promise<Answer>;
  record(group: string, name: string, expect: "allowed" | "refused", answer: Answer | string): boolean;
}

export interface MailCatcher {
  url: string;
  /** The first link to `/kind/…` in a mail to `to` not taken before, waiting up to 20 s for it. */
  takeLink(to: string, kind: "confirm" | "erase"): Promise<string | null>;
  close(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const smtp = await startSmtpCatcher();
  const taken = new Set<string>();
  return {
    url: smtp.url,
    async takeLink(to, kind) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        for (const mail of smtp.caught.filter((m) => m.to === to)) {
          const path = new RegExp(`/${kind}/[\\w-]+`).exec(mail.text)?.[0];
          if (path && !taken.has(path)) {
            taken.add(path);
            return path;
          }
        }
        if (Date.now() > deadline) return null;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    close: () => smtp.close(),
  };
}

export interface IdentityContext {
  probe: IdentityProber;
  mail: MailCatcher;
  invitation: string;
  apiKey: string;
  /** A staff session that may open candidate pages and search. */
  staff: { cookie: string };
  /** A wallet request (VC-API exchange) made out to the victim's email, created before the server started. */
  exchangeId: string;
  victimEmail: string;
  /** Credentials anyone may submit (valid, verified). */
  credentialTexts: string[];
}

const word = () => Array.from(randomBytes(10), (b) => "bcdfghjklmnpqrstvwxz"[b % 20]).join("");
const dataOf = (route: string) => `?_data=${encodeURIComponent(route)}`;

async function submitForm(probe: IdentityProber, invitation: string, name: string, email: string, text: string) {
  const form = new FormData();
  form.set("name", name);
  form.set("email", email);
  form.set("consent", "on");
  form.set("credential", text);
  const answer = await probe.send(`/submit/${invitation}${dataOf("routes/submit.$token")}`, {
    method: "POST",
    body: form,
  });
  return (JSON.parse(answer.body) as { withdrawPath?: string }).withdrawPath ?? null;
}

/** Follows a mailed confirmation link as its reader would (the button's POST). */
export async function confirmByMail(ctx: Pick<IdentityContext, "probe" | "mail">, email: string): Promise<boolean> {
  const path = await ctx.mail.takeLink(email, "confirm");
  if (!path) return false;
  const answer = await ctx.probe.send(`${path}${dataOf("routes/confirm.$token")}`, { method: "POST", form: {} });
  return answer.status === 200;
}

/** What staff see of a candidate found by a word of their name: id, name and how many credentials. */
async function recordOf(
  ctx: IdentityContext,
  nameWord: string,
): Promise<{ id: string; name: string; credentials: number } | null> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const page = await ctx.probe.send(`/search?q=${nameWord}`, { cookie: ctx.staff.cookie });
    const id = candidateIdInSearchPage(page.body, nameWord);
    if (id) {
      const candidate = await ctx.probe.send(`/candidates/${id}`, { cookie: ctx.staff.cookie });
      const name = /<h1[^>]*>([^<]*)<\/h1>/.exec(candidate.body)?.[1] ?? "";
      return { id, name, credentials: (candidate.body.match(/<article /g) ?? []).length };
    }
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Opens a candidate's page again: the same name and credential count, or what changed. */
async function unchanged(
  ctx: IdentityContext,
  before: { id: string; name: string; credentials: number },
): Promise<string | null> {
  // Give the index and any background work a moment to show a change, if there is one.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const page = await ctx.probe.send(`/candidates/${before.id}`, { cookie: ctx.staff.cookie });
  if (page.status !== 200) return `the record is gone (${page.status})`;
  const name = /<h1[^>]*>([^<]*)<\/h1>/.exec(page.body)?.[1] ?? "";
  const credentials = (page.body.match(/<article /g) ?? []).length;
  if (name !== before.name) return `renamed to ${name}`;
  if (credentials !== before.credentials) return `${before.credentials} credential(s) became ${credentials}`;
  return null;
}

/** Runs every identity attack; returns how many took over a record (each also recorded as a probe). */
export async function identityAttacks(ctx: IdentityContext): Promise<number> {
  const { probe } = ctx;
  let takeovers = 0;
  const check = async (name: string, victim: { id: string; name: string; credentials: number } | null) => {
    if (!victim)
      return probe.record("identity", `${name}: the victim's record was found first (control)`, "allowed", "not found");
    const change = await unchanged(ctx, victim);
    if (change) takeovers++;
    return probe.record("identity", name, "refused", change ? "allowed" : "refused");
  };

  // The victim's record, asserted by a trusted caller (an applicant-tracking system with a key).
  const victimWord = word();
  const api = await probe.send("/api/submissions", {
    headers: { authorization: `Bearer ${ctx.apiKey}` },
    json: {
      candidate: { name: `Vera ${victimWord}`, email: ctx.victimEmail },
      consent: true,
      items: [{ text: ctx.credentialTexts[0] }],
    },
  });
  probe.record(
    "identity",
    "a trusted API call creates the victim's record (control)",
    "allowed",
    api.status === 200 ? "allowed" : `not stored (${api.status})`,
  );
  const victim = await recordOf(ctx, victimWord);

  // 1. The form, with the victim's email and another name.
  const hacked = word();
  const attackerLink = await submitForm(
    probe,
    ctx.invitation,
    `HACKED ${hacked}`,
    ctx.victimEmail,
    ctx.credentialTexts[1]!,
  );
  await check("a form submission with the victim's email leaves their record as it was", victim);
  const found = await probe.send(`/search?q=${hacked}`, { cookie: ctx.staff.cookie });
  // The page repeats the query; a result is a link to a candidate whose name holds the word.
  const listed = candidateIdInSearchPage(found.body, hacked) !== null;
  probe.record(
    "identity",
    "search does not show the impostor's unconfirmed submission",
    "refused",
    listed ? "allowed" : "refused",
  );

  // 2. The attacker's own withdrawal link, with the victim's ids added to the form.
  if (attackerLink && victim) {
    const answer = await probe.send(`${attackerLink}${dataOf("routes/withdraw.$token")}`, {
      method: "POST",
      form: { intent: "withdraw", candidateId: victim.id, submissionId: victim.id },
    });
    probe.record(
      "identity",
      "the impostor's withdrawal link works on the impostor's own submission (control)",
      "allowed",
      answer.status === 200 ? "allowed" : `not withdrawn (${answer.status})`,
    );
    await check("the impostor's withdrawal link, aimed at the victim's ids, erases nothing of the victim's", victim);
  }

  // 3. The API without a key, naming the victim.
  const unkeyed = await probe.send("/api/submissions", {
    json: {
      candidate: { name: `HACKED ${hacked}`, email: ctx.victimEmail },
      consent: true,
      items: [{ text: ctx.credentialTexts[2] }],
    },
  });
  probe.record(
    "identity",
    "the API without a key cannot assert who the victim is",
    "refused",
    unkeyed.status === 401 ? "refused" : "allowed",
  );
  await check("an unkeyed API call leaves the victim's record as it was", victim);

  // 4. The wallet exchange made out to the victim's email, answered by the attacker's own wallet.
  const { generateIssuerKey, issueOpenBadge, signPresentation } = await import("#app/demo/issuer.server");
  const attackerDid = await generateIssuerKey({ name: "Attacker wallet" });
  const mill = await generateIssuerKey({ name: "Attacker Diploma Mill" });
  const badge = await issueOpenBadge(mill, {
    subject: { name: "HACKED", email: ctx.victimEmail, did: attackerDid.did },
    achievement: { name: "Diploma Mill Degree", description: "Bought.", alignments: [] },
    validFrom: new Date(Date.now() - 86_400_000),
  });
  const asked = await probe.send(`/exchanges/${ctx.exchangeId}`, { json: {} });
  const vpr = (JSON.parse(asked.body) as { verifiablePresentationRequest?: { challenge: string; domain: string } })
    .verifiablePresentationRequest;
  if (vpr) {
    const vp = await signPresentation(
      attackerDid,
      {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiablePresentation"],
        holder: attackerDid.did,
        verifiableCredential: [badge],
      },
      { challenge: vpr.challenge, domain: vpr.domain },
    );
    const answered = await probe.send(`/exchanges/${ctx.exchangeId}`, { json: { verifiablePresentation: vp } });
    probe.record(
      "identity",
      "the attacker's wallet answers the request (control: stored apart)",
      "allowed",
      answered.status === 200 ? "allowed" : `not answered (${answered.status})`,
    );
  } else {
    probe.record(
      "identity",
      "the wallet request answers with a challenge (control)",
      "allowed",
      `no challenge (${asked.status})`,
    );
  }
  await check("a wallet presentation signed by the attacker's DID leaves the victim's record as it was", victim);

  // 5. Pre-claiming: the attacker submits first with Pat's email; Pat submits later and confirms.
  const patEmail = `pat-${word()}@stress.test`;
  const patWord = word();
  const claimLink = await submitForm(probe, ctx.invitation, `Claimed ${word()}`, patEmail, ctx.credentialTexts[1]!);
  await submitForm(probe, ctx.invitation, `Pat ${patWord}`, patEmail, ctx.credentialTexts[0]!);
  // The attacker's mail went to Pat too: Pat confirms only the submission they made (the second mail).
  await ctx.mail.takeLink(patEmail, "confirm");
  const confirmed = await confirmByMail(ctx, patEmail);
  probe.record(
    "identity",
    "Pat confirms their address through the mailed link (control)",
    "allowed",
    confirmed ? "allowed" : "not confirmed",
  );
  const pat = await recordOf(ctx, patWord);
  if (claimLink)
    await probe.send(`${claimLink}${dataOf("routes/withdraw.$token")}`, {
      method: "POST",
      form: { intent: "withdraw" },
    });
  await check("pre-claiming: the attacker's earlier link erases nothing Pat sent", pat);
  return takeovers;
}
