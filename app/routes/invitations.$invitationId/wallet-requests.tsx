import { Form, Link, useNavigation } from "@remix-run/react";
import { CsrfInput } from "#app/components/csrf-input";
import { formatDate } from "#app/components/format";
import { CopyLink } from "#app/components/invitations/copy-link";
import { QrCode } from "#app/components/invitations/qr-code";
import { WalletRequestPanel } from "#app/components/wallet-request-panel";
import type { PresentationRequestView } from "#app/wallet/request-view.server";

export interface WalletRequestAnswer {
  error?: string;
  request?: { candidateName: string; walletLink: string; exchangeUrl: string; qrSvg: string };
  /** The OpenID4VP section's own answer, so an error shows beside the form it is about. */
  openid4vpError?: string;
  presentation?: PresentationRequestView;
}

/** One OpenID4VP request made for the invitation, as the page lists it. */
export interface InvitationPresentationRequest {
  id: string;
  candidateName: string;
  asked: string;
  stateWords: string;
  createdAt: string;
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
  presentationRequests,
  templates,
}: {
  open: boolean;
  answer: WalletRequestAnswer | undefined;
  requests: { id: string; candidateName: string; createdAt: string; state: keyof typeof stateWords }[];
  presentationRequests: InvitationPresentationRequest[];
  templates: { kind: string; words: string }[];
}) {
  const intent = useNavigation().formData?.get("intent");
  const busy = intent === "wallet-request";
  const busyOpenid4vp = intent === "openid4vp-request";
  return (
    <section className="panel" aria-labelledby="wallet">
      <h2 id="wallet" className="panel-title">
        Ask a candidate&apos;s wallet
      </h2>
      <p className="muted">
        A candidate who keeps their credentials in a wallet app answers a request by scanning its QR code; the wallet
        signs what it sends, so it arrives bound to the wallet&apos;s holder. Each request is for one candidate: a
        Learner Credential Wallet request is valid for 7 days, an OpenID4VP one for 15 minutes (make it while the
        candidate is with you, or just before sending the link).
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
        <section aria-labelledby="wallet-openid4vp" className="wallet-protocol">
          <h3 id="wallet-openid4vp">Any OpenID4VP wallet</h3>
          {open ? (
            <Form method="post" className="wallet-openid4vp-form" noValidate>
              <CsrfInput />
              <input type="hidden" name="intent" value="openid4vp-request" />
              <div className="wallet-form">
                <label>
                  Candidate&apos;s name
                  <input type="text" name="name" autoComplete="off" required maxLength={200} />
                </label>
                <label>
                  Their email (for the confirmation link)
                  <input type="email" name="email" autoComplete="off" required maxLength={320} />
                </label>
              </div>
              <fieldset className="template-choice">
                <legend>Ask for</legend>
                {templates.map(({ kind, words }) => (
                  <label key={kind} className="inline">
                    <input type="radio" name="kind" value={kind} defaultChecked={kind === "any-open-badge"} /> {words}
                  </label>
                ))}
              </fieldset>
              <div className="wallet-template-fields">
                <label>
                  Credential type (for a type from an issuer)
                  <input type="text" name="type" placeholder="OpenBadgeCredential" maxLength={300} />
                </label>
                <label>
                  Issuer (for a type from an issuer)
                  <input type="text" name="issuer" placeholder="did:web:college.example" maxLength={500} />
                </label>
                <label>
                  SD-JWT VC type, vct (for an SD-JWT VC)
                  <input
                    type="text"
                    name="vct"
                    placeholder="https://credentials.example.edu/course-completion"
                    maxLength={500}
                  />
                </label>
              </div>
              <div className="form-end">
                <button type="submit" disabled={busyOpenid4vp}>
                  {busyOpenid4vp ? "Making the request…" : "Make an OpenID4VP request"}
                </button>
              </div>
            </Form>
          ) : (
            <p className="muted">
              This invitation no longer takes submissions, so it takes no new OpenID4VP requests either.
            </p>
          )}
          {answer?.openid4vpError ? (
            <p className="notice bad" role="alert">
              {answer.openid4vpError}
            </p>
          ) : null}
          {answer?.presentation ? <WalletRequestPanel request={answer.presentation} audience="candidate" /> : null}
        </section>
      </div>
      <h3>Requests made for this invitation</h3>
      {requests.length === 0 && presentationRequests.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="invitation-people" aria-label="Wallet requests for this invitation">
          {requests.map((r) => (
            <li key={r.id}>
              {r.candidateName}{" "}
              <span className="muted small">
                · Learner Credential Wallet · made {formatDate(r.createdAt)} · {stateWords[r.state]}
              </span>
            </li>
          ))}
          {presentationRequests.map((r) => (
            <li key={r.id}>
              <Link to={`/wallet-requests/${r.id}`}>{r.candidateName}</Link>{" "}
              <span className="muted small">
                · OpenID4VP, {r.asked} · made {formatDate(r.createdAt)} · {r.stateWords}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
