import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { staffActor } from "#app/audit/audit.server";
import { requireStaffUser } from "#app/auth/session.server";
import { CsrfInput } from "#app/components/csrf-input";
import { formatDate } from "#app/components/format";
import {
  countCandidatesPastPeriod,
  getRetentionDays,
  MAX_RETENTION_DAYS,
  retentionCutoff,
  setRetentionDays,
} from "#app/retention/retention.server";

const retentionSchema = z.object({
  intent: z.enum(["preview", "save"]).default("save"),
  days: z
    .string()
    .trim()
    .transform((value) => (value === "" || value === "0" ? null : Number(value)))
    .refine((days) => days === null || (Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS), {
      message: `Enter a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or leave it empty to turn retention off.`,
    }),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "admin");
  const { db, now } = context.services;
  const days = await getRetentionDays(db);
  return json({ days, pastPeriod: days ? await countCandidatesPastPeriod(db, now(), days) : 0 });
}

type Preview = { days: number | null; erase: number; cutoff: string | null };

/**
 * "preview" answers how many candidates the entered period would erase now, by the job's own rule, and saves
 * nothing (a read, so not audited); "save" sets the period (audited in setRetentionDays).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "admin");
  const form = retentionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success)
    return json(
      { error: form.error.issues[0]?.message ?? "Check the form.", saved: false, preview: null as Preview | null },
      { status: 400 },
    );
  const { db, now } = context.services;
  const { intent, days } = form.data;
  if (intent === "preview") {
    const preview: Preview = days
      ? {
          days,
          erase: await countCandidatesPastPeriod(db, now(), days),
          cutoff: retentionCutoff(now(), days).toISOString(),
        }
      : { days: null, erase: 0, cutoff: null };
    return json({ error: null, saved: false, preview });
  }
  await setRetentionDays(db, staffActor(user, context.clientAddress), days);
  return json({ error: null, saved: true, preview: null as Preview | null });
}

function PreviewNotice({ preview }: { preview: Preview }) {
  if (preview.days === null || preview.cutoff === null)
    return <>Turning retention off erases nobody: candidates are kept until they withdraw or an admin erases them.</>;
  const who = preview.erase === 1 ? "1 candidate" : `${preview.erase} candidates`;
  return (
    <>
      Setting{" "}
      <strong>
        {preview.days} day{preview.days === 1 ? "" : "s"}
      </strong>{" "}
      would erase <strong>{preview.erase === 0 ? "no candidate" : who}</strong> now: those whose last activity is older
      than {formatDate(preview.cutoff)}. Nothing is saved until you press Save.
    </>
  );
}

export default function RetentionPage() {
  const { days, pastPeriod } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Retention</h1>
      <p className="muted">
        Candidates whose last activity (their newest submission or credential) is older than the retention period are
        erased: their details, credentials, skills, submissions and shortlist entries leave the database and search. The
        check runs every hour. The <Link to="/admin/audit?action=candidate.erase">audit trail</Link> keeps a tombstone
        of each erasure (the candidate&apos;s id, the reason, how many credentials), nothing personal. Candidates who
        withdraw through their link are erased at once, whatever the period.
      </p>
      {result?.error ? (
        <p className="notice bad" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.saved ? (
        <p className="notice ok" role="status">
          Saved.
        </p>
      ) : null}
      {result?.preview ? (
        <p className="notice" role="status">
          <PreviewNotice preview={result.preview} />
        </p>
      ) : null}
      <section className="panel" aria-label="Retention period">
        <p>
          {days ? (
            <>
              Candidates are kept for <strong>{days} days</strong> after their last activity.{" "}
              {pastPeriod
                ? `${pastPeriod} candidate${pastPeriod === 1 ? " is" : "s are"} past it now and will be erased within the hour.`
                : "No candidate is past it now."}
            </>
          ) : (
            <>
              Retention is <strong>off</strong>: candidates are kept until they withdraw or an admin erases them.
            </>
          )}
        </p>
        <Form method="post" className="retention-form">
          <CsrfInput />
          <label>
            Retention period in days
            <input
              type="number"
              name="days"
              min={1}
              max={MAX_RETENTION_DAYS}
              step={1}
              defaultValue={days ?? ""}
              placeholder="off"
            />
          </label>
          <div className="form-end button-row">
            {/* First, so Enter in the field previews rather than saves. */}
            <button type="submit" name="intent" value="preview" className="secondary">
              Preview
            </button>
            <button type="submit" name="intent" value="save">
              Save
            </button>
          </div>
        </Form>
        <p className="muted small">
          Leave the field empty to turn retention off. Preview says how many candidates a period would erase now,
          without saving it.
        </p>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Retention · Attest" }];
