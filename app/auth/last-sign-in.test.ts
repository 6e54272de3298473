import type { DatabaseHandle } from "#db/client.server";
import { listStaffUsers } from "#db/queries/staff.server";
import { testDatabaseKinds } from "#db/test-databases";
import { recordAudit } from "#app/audit/audit.server";
import { createStaffUser } from "./staff-accounts.server";
import { testServices } from "./test-helpers";

describe.each(testDatabaseKinds())("the users table's last sign-in on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(() => handle?.close());

  it("is the newest sign-in in the audit trail, and null for someone who never signed in", async () => {
    const services = await testServices(handle);
    const signer = await createStaffUser(services, {
      email: "signer@example.com",
      role: "recruiter",
      password: "correct horse battery",
    });
    await createStaffUser(services, {
      email: "never@example.com",
      role: "recruiter",
      password: "correct horse battery",
    });
    if (signer.status !== "created") throw new Error(signer.message);
    const actor = { id: signer.user.id, label: "signer@example.com", from: null };
    await recordAudit(handle.db, actor, "sign-in");
    await recordAudit(handle.db, actor, "sign-in.failed");
    const users = await listStaffUsers(handle.db);
    const signed = users.find((u) => u.email === "signer@example.com")!;
    expect(signed.lastSignInAt).toBeInstanceOf(Date);
    expect(Math.abs(signed.lastSignInAt!.getTime() - Date.now())).toBeLessThan(60 * 60 * 1000);
    expect(users.find((u) => u.email === "never@example.com")!.lastSignInAt).toBeNull();
  });
});
