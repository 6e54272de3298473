import { EmbeddedIndexTakenError, takeEmbeddedInstanceLock } from "#search/embedded-instance-lock.server";

// PostgreSQL only: PGlite is one process's database already (a lock file beside its folder).
describe.runIf(Boolean(process.env.DATABASE_URL))(
  "one instance with the embedded engine per PostgreSQL database",
  () => {
    const url = process.env.DATABASE_URL as string;

    it("a second instance is refused with a sentence that says to use Meilisearch, and may start once the first stops", async () => {
      const first = await takeEmbeddedInstanceLock(url);
      try {
        const second = takeEmbeddedInstanceLock(url, { waitMs: 300 });
        await expect(second).rejects.toBeInstanceOf(EmbeddedIndexTakenError);
        await expect(second).rejects.toThrow(
          /give every instance the same Meilisearch \(MEILI_HOST and MEILI_API_KEY\)/,
        );
      } finally {
        await first.release();
      }
      const after = await takeEmbeddedInstanceLock(url, { waitMs: 2_000 });
      await after.release();
    });
  },
);
