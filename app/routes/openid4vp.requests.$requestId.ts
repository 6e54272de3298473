import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  MAX_WALLET_METADATA_BYTES,
  readRequestUriPost,
  serveRequestObject,
  type WalletRefusal,
} from "#app/wallet/openid4vp.server";
import { readFormBody, refusalResponse, walletDeps } from "#app/wallet/wallet-http.server";

/** The request URI of an OpenID4VP request: a wallet fetches the signed request object here (public). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  return answer(await serveRequestObject(walletDeps(context.services), params.requestId ?? "", null));
}

/** `request_uri_method=post`: the wallet posts its metadata (and a nonce of its own) first. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST")
    return refusalResponse({
      status: 405,
      body: { error: "invalid_request_uri_method", error_description: "Fetch the request object with GET or POST." },
    });
  const form = await readFormBody(request, MAX_WALLET_METADATA_BYTES);
  if (!(form instanceof URLSearchParams)) return refusalResponse(form);
  const posted = readRequestUriPost(form);
  if ("status" in posted) return refusalResponse(posted);
  return answer(await serveRequestObject(walletDeps(context.services), params.requestId ?? "", posted));
}

function answer(result: { status: 200; jwt: string } | WalletRefusal) {
  if (result.status !== 200) return refusalResponse(result);
  return new Response(result.jwt, {
    status: 200,
    headers: { "Content-Type": "application/oauth-authz-req+jwt", "Cache-Control": "no-store" },
  });
}
