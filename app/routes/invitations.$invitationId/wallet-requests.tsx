import { Form, useNavigation } from "@remix-run/react";
import { CsrfInput } from "#app/components/csrf-input";
import { formatDate } from "#app/components/format";
import { CopyLink } from "#app/components/invitations/copy-link";
import { QrCode } from "#app/components/invitations/qr-code";

export interface WalletRequestAnswer {
  error?: string;
  request?: { candidateName: string; walletLink: string; exchangeUrl: string; qrSvg: string };
}

const stateWords = { answered: "answered", expired: "expired unanswered", waiting: "waiting for the wallet" } as const;

/**
 * Asking a candidate's wallet for credentials for this invitation. Each protocol has a section of its own inside
 * "Ask a candidate's wallet"; what any of them brings in counts towards the invitation.
 */
export function WalletRequests({
  open,
  answer,
  requests,
}: {
  open: boolean;
  answer: WalletRequestAnswer | undefined;
  requests: { id: string; candidateName: string; createdAt: string; state: keyof typeof stateWords }[];
}) {
  const busy = useNavigation().formData?.get("intent") === "wallet-request";
  return (
    <section className="panel" aria-labelledby="wallet">
      <h2 id="wallet" className="panel-title">
        Ask a candidate&apos;s wallet
      </h2>
      <p className="muted">
        A candidate who keeps their credentials in a wallet app answers a request by scanning its QR code; the wallet
        signs what it sends, so it arrives bound to the wallet&apos;s holder. Each request is for one candidate and is
        valid for 7 days.
      </p>
      <div className="wallet-protocols">
        <section aria-labelledby="wallet-vcapi" className="wallet-protocol">
          <h3 id="wallet-vcapi">Learner Credential Wallet (VC-API)</h3>
          {open ? (
            <Form method="post" className="wallet-form" noValidate>
              <CsrfInput />
              <input type="hidden" name="intent" value="wallet-request" />
              <label>
                Candidate&apos;s name
                <input type="text" name="name" autoComplete="off" required maxLength={200} />
              </label>
              <label>
                Their email (for the confirmation link)
                <input type="email" name="email" autoComplete="off" required maxLength={320} />
              </label>
              <div className="form-end">
                <button type="submit" disabled={busy}>
                  {busy ? "Making the request…" : "Make a wallet request"}
                </button>
              </div>
            </Form>
          ) : (
            <p className="muted">
              This invitation no longer takes submissions, so it takes no new wallet requests either.
            </p>
          )}
          {answer?.error ? (
            <p className="notice bad" role="alert">
              {answer.error}
            </p>
          ) : null}
          {answer?.request ? (
            <div className="notice ok wallet-answer" role="status" aria-label="New wallet request">
              <div>
                <p>
                  <strong>Request for {answer.request.candidateName} is ready.</strong> Show this QR code to them, or
                  send them the link; it opens in the Learner Credential Wallet.
                </p>
                <CopyLink link={answer.request.walletLink} label={`Wallet link for ${answer.request.candidateName}`} />
              </div>
              <QrCode
                svg={answer.request.qrSvg}
                alt={`QR code of the wallet request for ${answer.request.candidateName}`}
              />
            </div>
          ) : null}
        </section>
        {/* OpenID4VP: the lead adds the "Ask with OpenID4VP" section here, beside the VC-API one, at merge. */}
      </div>
      <h3>Requests made for this invitation</h3>
      {requests.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="invitation-people">
          {requests.map((r) => (
            <li key={r.id}>
              {r.candidateName}{" "}
              <span className="muted small">
                · made {formatDate(r.createdAt)} · {stateWords[r.state]}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
