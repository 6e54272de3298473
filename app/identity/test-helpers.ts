/** Shared by tests: the links in the newest mail to an address, read from the outbox (no SMTP server). */
import { desc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { mailOutbox } from "#db/schema/index";

export async function linkFromOutbox(
  db: Database,
  to: string,
  kind: "confirm" | "erase" | "withdraw",
): Promise<string> {
  const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).orderBy(desc(mailOutbox.id));
  for (const mail of mails) {
    const match = new RegExp(`/${kind}/([\\w-]+)`).exec(mail.body);
    if (match) return match[1];
  }
  throw new Error(`no ${kind} link in the outbox for ${to}`);
}
