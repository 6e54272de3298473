import { DatabaseInUseError } from "#db/client.server";
import { listInvitationsWithCounts } from "#db/queries/invitations.server";
import { cliActor } from "#app/audit/audit.server";
import { createInvitation, invitationLink, invitationState } from "#app/invitations/invitations.server";
import { createServices, publicUrlFromEnv, type Services } from "#app/services.server";
import { parseCommandArgs, UsageError } from "../usage";

/** `invite create --title TITLE [--days N]` (prints the link) | `invite list`. */
export async function inviteCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseCommandArgs(rest, { title: { type: "string" }, days: { type: "string" } });
  if (sub === "create" && !values.title?.trim()) throw new UsageError("invite create needs --title TITLE.");
  if (!["create", "list"].includes(sub ?? "")) throw new UsageError("invite needs create or list.");
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(days > 0)) throw new UsageError("--days must be a positive number.");
  const base = publicUrlFromEnv(env);
  let services: Services;
  try {
    services = await createServices(env, { log: (m) => console.error(m) });
  } catch (error) {
    if (!(error instanceof DatabaseInUseError)) throw error;
    // The embedded database is one process's (PGlite): while the app runs, only the app can write invitations.
    console.error(
      `The app is running on the embedded database (pid ${error.ownerPid}), which only one process can open, so ` +
        `this command cannot reach it. Create and close invitations in the app instead: ${new URL("/invitations", base)} ` +
        `("Invitations" in the staff menu). With DATABASE_URL (PostgreSQL), this command works while the app runs.`,
    );
    return 1;
  }
  try {
    if (sub === "create") {
      const expiresAt = days ? new Date(services.now().getTime() + days * 86_400_000) : null;
      const { token } = await createInvitation(services, cliActor(), { title: values.title!.trim(), expiresAt });
      console.log(invitationLink(base, token));
    } else {
      for (const inv of await listInvitationsWithCounts(services.db)) {
        console.log(
          `${invitationLink(base, inv.token)}\t${inv.title}\t${invitationState(inv, services.now())}\t${inv.submissions} submissions`,
        );
      }
    }
    return 0;
  } finally {
    await services.close();
  }
}
