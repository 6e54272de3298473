import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { staffActor } from "#app/audit/audit.server";
import { requireStaffUser } from "#app/auth/session.server";
import { CsrfInput } from "#app/components/csrf-input";
import {
  countCandidatesPastPeriod,
  getRetentionDays,
  MAX_RETENTION_DAYS,
  setRetentionDays,
} from "#app/retention/retention.server";

const retentionSchema = z.object({
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

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "admin");
  const form = retentionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success)
    return json({ error: form.error.issues[0]?.message ?? "Check the form.", saved: false }, { status: 400 });
  await setRetentionDays(context.services.db, staffActor(user, context.clientAddress), form.data.days);
  return json({ error: null, saved: true });
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
          <div className="form-end">
            <button type="submit">Save</button>
          </div>
        </Form>
        <p className="muted small">Leave the field empty to turn retention off.</p>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Retention · Attest" }];
