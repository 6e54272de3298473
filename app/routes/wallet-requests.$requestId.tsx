import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRevalidator, useRouteError } from "@remix-run/react";
import { useEffect } from "react";
import { requireStaffUser } from "#app/auth/session.server";
import { WalletRequestPanel } from "#app/components/wallet-request-panel";
import { presentationRequestView } from "#app/wallet/request-view.server";
import { walletDeps } from "#app/wallet/wallet-http.server";

/** How often the page asks again while the wallet has not answered: often enough to feel live, cheap for the server. */
const POLL_MS = 2_000;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  const view = await presentationRequestView(walletDeps(context.services), params.requestId ?? "");
  if (!view) throw new Response("There is no such wallet request.", { status: 404 });
  return json({ view });
}

export default function WalletRequestPage() {
  const { view } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const open = view.state === "waiting" || view.state === "answered";
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [open, revalidator]);
  return (
    <>
      <p>
        <Link to="/wallet-requests">All wallet requests</Link>
      </p>
      <h1>Wallet request for {view.candidateName}</h1>
      <p className="muted">{view.candidateEmail}</p>
      <WalletRequestPanel request={view} />
      {view.state === "verified" && view.candidateId ? (
        <p>
          <Link to={`/candidates/${view.candidateId}`}>Open the candidate&apos;s record</Link>
        </p>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Wallet request · Attest" }];

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <>
      <h1>Wallet request</h1>
      <p className="notice bad">
        {isRouteErrorResponse(error) && error.status === 404
          ? "There is no such wallet request; it may have been made on another installation."
          : "This wallet request could not be shown."}
      </p>
      <p>
        <Link to="/wallet-requests">All wallet requests</Link>
      </p>
    </>
  );
}
