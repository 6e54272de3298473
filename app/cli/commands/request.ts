import { createExchange } from "#app/ingest/exchange.server";
import { createServices } from "#app/services.server";
import { parseCandidateAddress, parseCommandArgs, UsageError } from "../usage";

/** `request create --candidate "Name <email>"`: a wallet request link (VC-API exchange) for one candidate. */
export async function requestCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseCommandArgs(rest, {
    candidate: { type: "string" },
    json: { type: "boolean", default: false },
  });
  if (sub !== "create") throw new UsageError("request needs create.");
  const candidate = parseCandidateAddress(values.candidate);
  const origin = process.env.ATTEST_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    const created = await createExchange(services.db, candidate, origin, services.now());
    if (values.json) console.log(JSON.stringify(created));
    else
      console.log(`Send this link to the candidate; it opens in the Learner Credential Wallet:\n${created.walletLink}`);
    return 0;
  } finally {
    await services.close();
  }
}
