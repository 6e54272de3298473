import { createHash } from "node:crypto";
import { testDatabaseKinds } from "#db/test-databases";
import { loginAttempts } from "#db/schema/index";
import { signIn } from "./staff-accounts.server";
import { hashClientAddress } from "./client-address.server";
import { ORIGIN, testServices } from "./test-helpers";

describe.each(testDatabaseKinds())("client address hashes on $name", (kind) => {
  it("are salted with a secret of the installation: not the address's sha256, the same within one, different in another", async () => {
    const [one, two] = [await kind.open(), await kind.open()];
    try {
      const address = "198.51.100.23";
      const hash = await hashClientAddress(one.db, address);
      expect(hash).not.toBe(createHash("sha256").update(address).digest("hex"));
      expect(await hashClientAddress(one.db, address)).toBe(hash);
      expect(await hashClientAddress(one.db, "198.51.100.24")).not.toBe(hash);
      expect(await hashClientAddress(two.db, address)).not.toBe(hash);

      // What a failed sign-in stores is that salted hash.
      await signIn(await testServices(one), new Request(ORIGIN), {
        email: "x@example.com",
        password: "guess",
        clientAddress: address,
      });
      expect((await one.db.select().from(loginAttempts)).map((row) => row.clientHash)).toEqual([hash]);
    } finally {
      await one.close();
      await two.close();
    }
    // Two fresh databases: PGlite's first start and migrations take seconds each on a loaded machine.
  }, 120_000);
});
