import { existsSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { SERVER_LOG_FILE, TRAFFIC_FILE, type RecordedRequest } from "./fixtures";

/**
 * Paths whose last segment is a secret: an invitation, a withdrawal link, a set-password link, an exchange, a
 * shortlist's share link.
 */
const SECRET_PATH = /\/(submit|withdraw|set-password|exchanges|shared)\/([^/?#]+)/;
/** Form fields whose value is personal data or a secret. */
const SECRET_FIELDS = new Set(["email", "password", "repeat", "current", "next", "name", "links"]);

function formFields(request: RecordedRequest): Array<[string, string]> {
  if (!request.postData) return [];
  if (request.contentType?.includes("multipart/form-data")) {
    return [...request.postData.matchAll(/name="([^"]+)"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]);
  }
  if (request.contentType?.includes("application/x-www-form-urlencoded"))
    return [...new URLSearchParams(request.postData)];
  return [];
}

/** Everything personal or secret the journeys sent: emails, passwords, names, tokens in paths, share links. */
function secretsSent(requests: RecordedRequest[]) {
  const secrets = new Map<string, string>();
  for (const request of requests) {
    const url = new URL(request.url);
    const token = SECRET_PATH.exec(url.pathname)?.[2];
    if (token) secrets.set(decodeURIComponent(token), `a token in ${url.pathname.split("/")[1]} links`);
    for (const [field, value] of formFields(request)) {
      if (!SECRET_FIELDS.has(field)) continue;
      for (const part of field === "links" ? value.split(/\s+/) : [value.trim()]) {
        if (!part) continue;
        secrets.set(part, `the ${field} field`);
        // A share link's path is its secret even when the host is logged.
        if (field === "links") secrets.set(new URL(part).pathname, "a share link's path");
      }
    }
  }
  // Too short to be a secret by itself ("/" or a one-letter name): not worth a false alarm.
  return [...secrets].filter(([value]) => value.length >= 6);
}

test("the server log of the journeys holds none of the emails, passwords, names, tokens or share links they used", () => {
  expect(existsSync(TRAFFIC_FILE), "the journeys recorded their requests").toBe(true);
  const requests = readFileSync(TRAFFIC_FILE, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const cspViolations = requests.filter((entry) => "cspViolation" in entry);
  expect(cspViolations, "no page broke its Content-Security-Policy").toEqual([]);
  const secrets = secretsSent(requests as RecordedRequest[]);
  const kinds = new Set(secrets.map(([, kind]) => kind));
  // The control: the journeys really did send each kind, so an empty match below means something.
  // (Chromium does not hand over the body of a form with a file in it, so what such a form held is not listed.)
  for (const kind of [
    "the email field",
    "the password field",
    "the name field",
    "a token in submit links",
    "a token in withdraw links",
  ]) {
    expect(kinds, `the journeys sent ${kind}`).toContain(kind);
  }
  const fullLog = readFileSync(SERVER_LOG_FILE, "utf8");
  expect(fullLog).toMatch(/Attest is running/);
  // The one exception, by design (docs/decisions/013-demo-data.md): a brand-new demo installation announces its
  // demo accounts and their generated password once at start, as /sign-in shows them. Once, and nothing else.
  const lines = fullLog.split("\n");
  const demoAnnouncement = /demo data: staff accounts .*, password \S+$/;
  expect(lines.filter((line) => demoAnnouncement.test(line)).length).toBeLessThanOrEqual(1);
  const log = lines.filter((line) => !demoAnnouncement.test(line)).join("\n");
  const found = secrets.filter(([value]) => log.toLowerCase().includes(value.toLowerCase()));
  expect(found.map(([value, kind]) => `${kind}: ${value.slice(0, 80)}`)).toEqual([]);
  // A 404 or a refused form is an answer, not a crash: no stack traces.
  expect(log).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
});
