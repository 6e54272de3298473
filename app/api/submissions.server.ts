import { json, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "#app/auth/api-keys.server";
import { toOutcomeLine } from "#app/ingest/outcome-line";
import { candidateDetailsSchema, recordIdentityAssertion, submitItems } from "#app/ingest/submit.server";
import { badRequest, readJsonBody } from "./read-json.server";

const requestSchema = z.object({
  candidate: candidateDetailsSchema.omit({ consent: true }),
  /** The applicant-tracking system asserts that the candidate consented, as the web form's checkbox does. */
  consent: z.literal(true, {
    errorMap: () => ({ message: "consent must be true: the candidate's consent is required." }),
  }),
  items: z
    .array(
      z.union([
        z.object({ url: z.string().url() }),
        z.object({ text: z.string(), name: z.string().max(200).optional() }),
      ]),
    )
    .min(1, "items must hold at least one { url } or { text }.")
    .max(50, "Send at most 50 items at once."),
});

/** `POST /api/submissions`: the submission form's path for applicant-tracking systems. */
export async function submissionsAction({ request, context }: ActionFunctionArgs) {
  const { services } = context;
  const key = await requireApiKey(request, services.db, services.now(), "submit");
  const parsed = requestSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) {
    throw badRequest(parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  }
  const { candidate, items } = parsed.data;
  const outcomes = await submitItems(
    { ...services, onCommitted: services.indexer.nudge },
    { ...candidate, consent: true },
    items.map((item, i) =>
      "url" in item
        ? { type: "link", url: item.url }
        : { type: "text", text: item.text, source: item.name ?? `item ${i + 1}` },
    ),
  );
  await recordIdentityAssertion(
    services.db,
    { id: null, label: `api-key:${key.id}`, from: context.clientAddress },
    outcomes,
    { via: "api", key: key.name },
  );
  const results = outcomes.map(toOutcomeLine);
  const status = results.every((r) => r.outcome === "refused") ? 422 : 200;
  return json({ results }, { status });
}
