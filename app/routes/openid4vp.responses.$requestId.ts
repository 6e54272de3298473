import { json, type ActionFunctionArgs } from "@remix-run/node";
import { MAX_RESPONSE_BYTES, receiveWalletAnswer } from "#app/wallet/openid4vp.server";
import { readFormBody, refusalResponse, singleValuedFields, walletDeps } from "#app/wallet/wallet-http.server";

/** A wallet posts its answer here (`response_mode=direct_post` or `direct_post.jwt`); public, and used once. */
export function loader() {
  return refusalResponse({
    status: 405,
    body: { error: "invalid_request", error_description: "A wallet posts its answer here; there is nothing to fetch." },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readFormBody(request, MAX_RESPONSE_BYTES);
  if (!(form instanceof URLSearchParams)) return refusalResponse(form);
  const read = singleValuedFields(form);
  if (!read.ok) return refusalResponse(read.refusal);
  const answer = await receiveWalletAnswer(walletDeps(context.services), params.requestId ?? "", read.fields);
  if (answer.status !== 200) return refusalResponse(answer);
  return json(answer.body, { headers: { "Cache-Control": "no-store" } });
}
