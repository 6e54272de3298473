import type { ReactNode } from "react";
import type { CardFields } from "#app/credential-card/card-fields.server";
import { PLACEHOLDER_SVG } from "#app/credential-card/placeholder";
import type { SummaryLine } from "./review/summary-line";
import { ExternalLink } from "./external-link";

const PLACEHOLDER_SRC = `data:image/svg+xml,${encodeURIComponent(PLACEHOLDER_SVG)}`;

/**
 * A credential as a person reads it: the badge image, what was achieved, who issued it, the description and the
 * criteria, then one line saying what the checks found. The image always comes from Attest's own route (the
 * credential's URL is never put in a staff browser); without one, a neutral placeholder.
 */
export function CredentialCard({
  credentialId,
  fields,
  issuer,
  summary,
  title,
  children,
}: {
  credentialId: string;
  fields: CardFields;
  issuer: string | null;
  summary: SummaryLine;
  /** The heading (with the verdict badge): an h3 on the candidate page, nothing on the report (its h1 says it). */
  title?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="credential-card">
      <img
        className="badge-image"
        src={fields.hasImage ? `/credentials/${encodeURIComponent(credentialId)}/image` : PLACEHOLDER_SRC}
        alt=""
        width={72}
        height={72}
        loading="lazy"
        decoding="async"
      />
      <div className="credential-card-body">
        {title}
        <p className="muted credential-meta">
          {issuer ? `Issued by ${issuer}` : "Issuer unknown"} · {fields.kind}
        </p>
        {fields.description ? <p className="credential-description">{fields.description}</p> : null}
        {fields.criteria || fields.criteriaUrl ? (
          <p className="credential-criteria small">
            <strong>Criteria: </strong>
            {fields.criteria ?? "described on the issuer's site"}
            {fields.criteriaUrl ? (
              <>
                {" "}
                (<ExternalLink href={fields.criteriaUrl}>{shortUrl(fields.criteriaUrl)}</ExternalLink>)
              </>
            ) : null}
          </p>
        ) : null}
        <p className={`summary-line summary-${summary.tone}`} role="note" aria-label="Summary of the checks">
          {summary.text}
        </p>
        {children}
      </div>
    </div>
  );
}

/** The criteria page's host and path: enough to see where the link goes before following it. */
function shortUrl(url: string): string {
  const parsed = new URL(url);
  const text = `${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
