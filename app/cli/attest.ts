/**
 * `npm run attest -- <command>`: the operator's entry point. Commands reach the same domain code as the pages.
 * Exit codes: 0 success, 1 the command ran and found a problem (e.g. a credential did not verify), 2 bad usage.
 * Machine-readable output goes to stdout; progress and logs go to stderr.
 */
import { aliasCommand } from "./commands/alias";
import { apikeyCommand } from "./commands/apikey";
import { checkIndexCommand } from "./commands/check-index";
import { demoCommand } from "./commands/demo";
import { importCommand } from "./commands/import";
import { inviteCommand } from "./commands/invite";
import { recheckCommand } from "./commands/recheck";
import { requestCommand } from "./commands/request";
import { retentionCommand } from "./commands/retention";
import { registryCommand } from "./commands/registry";
import { reindexCommand } from "./commands/reindex";
import { searchCommand } from "./commands/search";
import { userCommand } from "./commands/user";
import { verifyCommand } from "./commands/verify";
import { UsageError } from "./usage";
import { waitForPostgres } from "#db/wait-for-postgres.server";

const usage = `Usage: npm run attest -- <command>

Commands:
  verify [--json] [--pin URL=FILE]... [--now ISO-8601] FILE...
      Verify credential files offline. --json prints one report per file per line (JSON Lines).
      --pin answers URL (and URL#fragment) from FILE instead of the network.
  import --candidate "Name <email>" [--headline TEXT] [--json] ITEM...
      Submit files or share links for a candidate, as the submission page does.
  search [--q TEXT] [--verified-skill KEY]... [--any-skill KEY]... [--include-claimed] [--limit N] [--json]
      Search candidates; KEY is a canonical skill key (skills[].key in verify --json).
  registry import FILE [--name NAME] | registry add ISSUER_ID --name NAME [--url URL] | registry list [--json]
      Manage the trust registry (Digital Credentials Consortium registry files are accepted).
  alias list [--json] | alias add "TEXT" --key KEY --label LABEL [--confirmed] | alias remove "TEXT" | alias seed
  alias suggest [--limit N] [--json]
      Skill aliases (names and abbreviations → canonical keys); suggestions are printed, never applied.
  request create --candidate "Name <email>" [--json]
      A wallet request link: the candidate's wallet answers with a presentation signed over Attest's challenge.
  invite create --title TITLE [--days N] | invite list
      Invitation links for the public submission page (ATTEST_PUBLIC_URL sets the links' origin).
  apikey create --name NAME [--scope verify,submit] [--expires-days N] | apikey list | apikey revoke ID
      API keys for POST /api/credentials/verify, /api/presentations/verify and /api/submissions.
  user create --role recruiter|verifier|admin --email EMAIL [--name NAME] [--password-stdin] | user list
  user deactivate EMAIL
      Staff accounts. create prints a one-time link to set the password (or reads it from stdin); the first admin
      is made this way. Deactivating ends the account's sessions at once.
  recheck [--json] [CREDENTIAL_ID...]
      Verify stored credentials again (status lists, dates); verdict changes flip skills in search.
  reindex
      Rebuild the search index from the database.
  demo seed | demo clear
      Load the demo data (50 candidates, three demo staff accounts; their password is printed once), or remove it.
  retention run [--json] | retention set DAYS|off | retention show
      Erase candidates whose last activity is older than the retention period (the app does it hourly); set it.
  check-index [--json] [--repair] [--page-size N]
      Compare the database with the search index (MEILI_HOST): candidates lost from the index, documents orphaned
      in it, stale documents; candidates with a queued update are skipped. Exit 1 when they differ; --repair
      enqueues an index update for each difference.
  help
      Show this text.

Database and search engine come from DATABASE_URL / ATTEST_DATA_DIR and MEILI_HOST, as for the app.`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  verify: verifyCommand,
  import: importCommand,
  search: searchCommand,
  registry: registryCommand,
  apikey: apikeyCommand,
  invite: inviteCommand,
  request: requestCommand,
  alias: aliasCommand,
  reindex: reindexCommand,
  "check-index": checkIndexCommand,
  recheck: recheckCommand,
  user: userCommand,
  retention: retentionCommand,
  demo: demoCommand,
};

async function main([command, ...rest]: string[]): Promise<number> {
  if (command === "help" || command === "--help") {
    console.log(usage);
    return 0;
  }
  const run = command ? commands[command] : undefined;
  if (!run) throw new UsageError(command ? `Unknown command "${command}".` : "No command given.");
  // Every command but verify (offline) opens the database: wait for it as the app does, logging to stderr.
  if (command !== "verify") await waitForPostgres(process.env, (line) => console.error(line));
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage}`);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : error);
    if (process.env.DEBUG) console.error(error);
    process.exit(1);
  },
);
