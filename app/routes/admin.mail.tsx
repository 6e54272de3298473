import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStaffUser } from "#app/auth/session.server";
import { listOutgoingMail } from "#db/queries/mail.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "admin");
  const mails = await listOutgoingMail(context.services.db);
  return json({ mode: context.services.mailer.mode, mails });
}

export default function OutgoingMailPage() {
  const { mode, mails } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Outgoing mail</h1>
      <p className="muted">
        {mode === "smtp"
          ? "Mail is sent over SMTP (SMTP_URL). Mail the server did not take is retried, and listed here until it is sent."
          : "No SMTP server is configured (SMTP_URL), so mail waits here: forward a candidate's link to them yourself, or set SMTP_URL."}{" "}
        Links in these mails are secrets: they confirm an address or erase a candidate&apos;s data.
      </p>
      {mails.length === 0 ? <p>No mail yet.</p> : null}
      {mails.map((mail) => (
        <article key={mail.id} className="panel" aria-label={`Mail to ${mail.toAddress}`}>
          <h2 style={{ marginTop: 0 }}>{mail.subject}</h2>
          <p className="muted">
            To {mail.toAddress} · queued {new Date(mail.createdAt).toISOString().slice(0, 16).replace("T", " ")} UTC ·{" "}
            {mail.sentAt
              ? "sent"
              : mode === "smtp"
                ? `not sent yet (${mail.attempts} attempt(s)${mail.lastError ? `: ${mail.lastError}` : ""})`
                : "waiting here"}
          </p>
          <pre style={{ whiteSpace: "pre-wrap" }}>{mail.body}</pre>
        </article>
      ))}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Outgoing mail · Attest" }];
