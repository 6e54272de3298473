import { randomBytes } from "node:crypto";
import type { Database } from "#db/client.server";
import { deleteSettings, getSetting, putSetting } from "#db/queries/settings.server";
import { countActiveStaffByEmail, deleteStaffUsersByEmail } from "#db/queries/staff.server";
import type { Role } from "./roles";
import { createStaffUser } from "./staff-accounts.server";
import type { AuthDeps } from "./session.server";

/**
 * The demo staff accounts exist only where the demo data was seeded (decision 013). Their password is generated
 * for each installation, printed once in the start-up log and shown on the sign-in page while the accounts exist:
 * nobody else's installation shares it, and a real one never has it.
 */
const DEMO_STAFF = "demo.staff-accounts";
export const DEMO_ACCOUNTS: Array<{ email: string; name: string; role: Role }> = [
  { email: "recruiter@demo.attest", name: "Rita Recruiter", role: "recruiter" },
  { email: "verifier@demo.attest", name: "Victor Verifier", role: "verifier" },
  { email: "admin@demo.attest", name: "Ada Admin", role: "admin" },
];

export interface DemoAccounts {
  password: string;
  accounts: Array<{ email: string; role: Role }>;
}

/** Creates the demo accounts with a fresh random password, and returns it (for the one log line that shows it). */
export async function seedDemoStaffAccounts(deps: AuthDeps): Promise<string> {
  const password = `demo-${randomBytes(12).toString("base64url")}`;
  for (const account of DEMO_ACCOUNTS) await createStaffUser(deps, { ...account, password });
  const shown: DemoAccounts = { password, accounts: DEMO_ACCOUNTS.map(({ email, role }) => ({ email, role })) };
  await putSetting(deps.db, DEMO_STAFF, shown);
  return password;
}

/** The demo accounts to show on the sign-in page, or null when none of them exists (any more). */
export async function getDemoAccounts(db: Database): Promise<DemoAccounts | null> {
  const shown = await getSetting<DemoAccounts>(db, DEMO_STAFF);
  if (!shown) return null;
  return (await countActiveStaffByEmail(
    db,
    shown.accounts.map((a) => a.email),
  )) > 0
    ? shown
    : null;
}

/** Deletes the demo accounts and forgets their password. */
export async function removeDemoStaffAccounts(db: Database): Promise<number> {
  const deleted = await deleteStaffUsersByEmail(
    db,
    DEMO_ACCOUNTS.map((a) => a.email),
  );
  await deleteSettings(db, [DEMO_STAFF]);
  return deleted;
}
