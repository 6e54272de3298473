import type { Database } from "#db/client.server";
import { getSetting, putSetting } from "#db/queries/settings.server";
import type { Role } from "./roles";
import { createStaffUser } from "./staff-accounts.server";
import type { AuthDeps } from "./session.server";

/**
 * The demo staff accounts exist only where the demo data was seeded (a newcomer's first embedded start). Their
 * password is public on purpose: it is printed on the sign-in page, so the setting that lists them is the switch.
 */
const DEMO_STAFF = "demo.staff-accounts";
export const DEMO_PASSWORD = "attest-demo-password";
const DEMO_ACCOUNTS: Array<{ email: string; name: string; role: Role }> = [
  { email: "recruiter@demo.attest", name: "Rita Recruiter", role: "recruiter" },
  { email: "verifier@demo.attest", name: "Victor Verifier", role: "verifier" },
  { email: "admin@demo.attest", name: "Ada Admin", role: "admin" },
];

export interface DemoAccounts {
  password: string;
  accounts: Array<{ email: string; role: Role }>;
}

export async function seedDemoStaffAccounts(deps: AuthDeps): Promise<void> {
  for (const account of DEMO_ACCOUNTS) await createStaffUser(deps, { ...account, password: DEMO_PASSWORD });
  const shown: DemoAccounts = { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.map(({ email, role }) => ({ email, role })) };
  await putSetting(deps.db, DEMO_STAFF, shown);
}

/** The demo accounts to show on the sign-in page, or null when this installation has no demo data. */
export function getDemoAccounts(db: Database): Promise<DemoAccounts | null> {
  return getSetting<DemoAccounts>(db, DEMO_STAFF);
}
