/**
 * One OpenID4VP request as a person sees it: the QR code for a wallet on another device, the link for a wallet on
 * this one, and the state. Props in, nothing fetched: the page's loader builds the view
 * (app/wallet/request-view.server.ts) and revalidates while the request is open.
 */
import type { PresentationRequestView } from "#app/wallet/request-view.server";

/** The outcome of each stored credential in words (app/ingest/outcome-line.ts names them). */
const OUTCOME_WORDS: Record<string, string> = {
  imported: "verified and added",
  duplicate: "already on the record",
  failed: "kept, but it failed verification",
  indeterminate: "kept, but it could not be fully checked",
  refused: "not a credential Attest could read",
  claimed: "kept as claimed",
};

const BADGE: Record<PresentationRequestView["state"], string> = {
  waiting: "badge indeterminate",
  answered: "badge indeterminate",
  verified: "badge verified",
  refused: "badge failed",
  expired: "badge failed",
};

export function WalletRequestPanel({
  request,
  audience = "staff",
}: {
  request: PresentationRequestView;
  audience?: "staff" | "candidate";
}) {
  const open = request.state === "waiting";
  return (
    <section className="panel wallet-request" aria-label="Wallet request">
      <div className="panel-head">
        <h2 className="panel-title">{request.asked}</h2>
        <p role="status" aria-live="polite">
          <span className={BADGE[request.state]}>{request.stateWords}</span>
          {open && request.opened ? <span className="muted small"> · a wallet has opened the request</span> : null}
        </p>
      </div>
      {open ? (
        <div className="wallet-request-body">
          {/* The SVG comes from the qrcode library on the server: paths only, no script. */}
          <div
            className="wallet-qr"
            role="img"
            aria-label="QR code for a wallet on another device"
            dangerouslySetInnerHTML={{ __html: request.qrSvg }}
          />
          <div className="stack">
            <p>
              {audience === "staff"
                ? `Show this code to ${request.candidateName}: they scan it with their wallet app, or open the link on the phone that holds the wallet.`
                : "Scan this code with your wallet app, or open the link on the phone that holds your wallet."}
            </p>
            <p>
              <a className="button" href={request.walletLink}>
                Open in a wallet on this device
              </a>
            </p>
            <p className="muted small">
              The request expires at{" "}
              {new Date(request.expiresAt).toLocaleTimeString("en-GB", {
                hour: "2-digit",
                minute: "2-digit",
                timeZone: "UTC",
              })}{" "}
              UTC and accepts one answer.
            </p>
          </div>
        </div>
      ) : null}
      {request.state === "refused" && request.refusal ? <p className="notice bad">{request.refusal}</p> : null}
      {request.state === "verified" && request.awaitsEmailConfirmation ? (
        <p className="muted">
          {audience === "staff"
            ? `The wallet proved its key, not the address: the credentials join ${request.candidateName}'s record once they follow the confirmation link mailed to ${request.candidateEmail}. Until then the candidate page shows them as "email not confirmed".`
            : `Follow the link we mailed to ${request.candidateEmail} to confirm your address; your credentials are added then.`}
        </p>
      ) : null}
      {request.state === "verified" ? (
        <ul className="plain-list">
          {request.results.map((line, i) => (
            <li key={i}>
              <strong>{line.name ?? line.source}</strong>: {OUTCOME_WORDS[line.outcome] ?? line.outcome}
              {line.reason ? <span className="muted"> — {line.reason}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
