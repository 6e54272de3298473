import { json, type ActionFunctionArgs } from "@remix-run/node";
import { readJsonBody } from "#app/api/read-json.server";
import { methodNotAllowed } from "#app/api/verify-request.server";
import { continueExchange } from "#app/ingest/exchange.server";

export const loader = methodNotAllowed;

/** The VC-API exchange endpoint a wallet talks to; the exchange id in the URL is its credential. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { services } = context;
  const body = request.headers.get("content-length") === "0" ? {} : await readJsonBody(request);
  const reply = await continueExchange(
    { ...services, onCommitted: services.indexer.nudge },
    params.exchangeId ?? "",
    body,
    new URL(request.url).origin,
  );
  return json(reply.body, { status: reply.status });
}
