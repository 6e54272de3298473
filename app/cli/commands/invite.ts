import { listInvitations } from "#db/queries/submissions.server";
import { createInvitation } from "#app/ingest/public-submission.server";
import { createServices } from "#app/services.server";
import { parseCommandArgs, UsageError } from "../usage";

/** `invite create --title TITLE [--days N]` (prints the link) | `invite list`. */
export async function inviteCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseCommandArgs(rest, { title: { type: "string" }, days: { type: "string" } });
  if (sub === "create" && !values.title) throw new UsageError("invite create needs --title TITLE.");
  if (!["create", "list"].includes(sub ?? "")) throw new UsageError("invite needs create or list.");
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(days > 0)) throw new UsageError("--days must be a positive number.");
  const base = process.env.ATTEST_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    if (sub === "create") {
      const expires = days ? new Date(services.now().getTime() + days * 86_400_000) : undefined;
      const { path } = await createInvitation(services.db, values.title!, expires);
      console.log(new URL(path, base).toString());
    } else {
      for (const inv of await listInvitations(services.db)) {
        const state = inv.closedAt ? "closed" : inv.expiresAt && inv.expiresAt < services.now() ? "expired" : "open";
        console.log(`${new URL(`/submit/${inv.token}`, base)}\t${inv.title}\t${state}`);
      }
    }
    return 0;
  } finally {
    await services.close();
  }
}
