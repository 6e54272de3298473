import { getStaffUserByEmail, listStaffUsers } from "#db/queries/staff.server";
import { isRole } from "#app/auth/roles";
import { createStaffUser, deactivateStaffUser, normalizeEmail } from "#app/auth/staff-accounts.server";
import { createServices } from "#app/services.server";
import { cliActor } from "#app/audit/audit.server";
import { parseCommandArgs, UsageError } from "../usage";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // Only the first line: `echo pw | …` adds a newline that is not part of the password.
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0];
}

/**
 * `user create --role ROLE --email EMAIL [--name NAME] [--password-stdin]` (prints a one-time set-password link,
 * unless the password comes on stdin) | `user list` | `user deactivate EMAIL`. The first admin is made this way.
 */
export async function userCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs(rest, {
    role: { type: "string" },
    email: { type: "string" },
    name: { type: "string" },
    "password-stdin": { type: "boolean" },
  });
  if (!["create", "list", "deactivate"].includes(sub ?? ""))
    throw new UsageError("user needs create, list or deactivate.");
  if (sub === "create" && (!values.email || !isRole(values.role))) {
    throw new UsageError("user create needs --email EMAIL and --role recruiter|verifier|admin.");
  }
  if (sub === "deactivate" && positionals.length !== 1)
    throw new UsageError("user deactivate needs the account's email.");
  const password = sub === "create" && values["password-stdin"] ? await readStdin() : undefined;
  const base = process.env.ATTEST_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    if (sub === "create") {
      const role = values.role;
      if (!isRole(role)) return 2;
      const created = await createStaffUser(
        services,
        { email: values.email!, name: values.name, role, password },
        cliActor(),
      );
      if (created.status === "refused") {
        console.error(created.message);
        return 1;
      }
      if (created.user.setPasswordPath) {
        console.error(
          `Created ${created.user.email} (${role}). This link sets the password; it works once, for 7 days:`,
        );
        console.log(new URL(created.user.setPasswordPath, base).toString());
      } else {
        console.log(`Created ${created.user.email} (${role}); they can sign in now.`);
      }
    } else if (sub === "deactivate") {
      const user = await getStaffUserByEmail(services.db, normalizeEmail(positionals[0]));
      if (!user) {
        console.error(`No account for ${positionals[0]}.`);
        return 1;
      }
      await deactivateStaffUser(services, user.id, cliActor());
      console.log(`Deactivated ${user.email}; their sessions ended.`);
    } else {
      for (const u of await listStaffUsers(services.db)) {
        const state = u.deactivatedAt ? "deactivated" : u.hasPassword ? "active" : "invited";
        console.log(`${u.email}\t${u.role}\t${state}\t${u.name}`);
      }
    }
    return 0;
  } finally {
    await services.close();
  }
}
