/**
 * The Meilisearch client's HTTP transport: node:http(s) over a keep-alive agent instead of Node's built-in fetch.
 *
 * Why: measured against Meilisearch 1.21 on loopback at 100,000 candidates, the adapter over fetch answered typical
 * queries in 46 ms p50, about 40 ms of it waiting on a reused connection (a Nagle / delayed-ACK pattern in fetch's
 * writes, not confirmed); the same queries over this agent took 3.8 ms with identical results. The client accepts
 * a replacement for fetch (`httpClient`), which must then turn error responses into errors itself.
 */
import http from "node:http";
import https from "node:https";
import { MeilisearchApiError } from "meilisearch";

export interface KeepAliveTransport {
  /** For the client's `httpClient` option: returns the parsed JSON body, throws MeilisearchApiError on 4xx/5xx. */
  request(input: string | URL | Request, init?: RequestInit): Promise<unknown>;
  /** Closes the idle sockets (the engine's close()). */
  close(): void;
}

export function createKeepAliveTransport(options: { maxSockets?: number } = {}): KeepAliveTransport {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 32, noDelay: true };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);

  async function request(input: string | URL | Request, init: RequestInit = {}): Promise<unknown> {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = Object.fromEntries(new Headers(init.headers));
    const body = typeof init.body === "string" ? Buffer.from(init.body) : undefined;
    if (init.body !== undefined && init.body !== null && body === undefined) {
      throw new TypeError("The Meilisearch transport sends string bodies only (the client stringifies JSON itself).");
    }
    if (body !== undefined) headers["content-length"] = String(body.length);
    const secure = url.protocol === "https:";
    const { status, statusText, text, responseHeaders } = await new Promise<{
      status: number;
      statusText: string;
      text: string;
      responseHeaders: Headers;
    }>((resolve, reject) => {
      const outgoing = (secure ? https : http).request(
        url,
        {
          method: init.method ?? "GET",
          headers,
          agent: secure ? httpsAgent : httpAgent,
          signal: init.signal ?? undefined,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.once("error", reject);
          incoming.once("end", () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              if (typeof value === "string") responseHeaders.set(name, value);
            }
            resolve({
              status: incoming.statusCode ?? 0,
              statusText: incoming.statusMessage ?? "",
              text: Buffer.concat(chunks).toString("utf8"),
              responseHeaders,
            });
          });
        },
      );
      outgoing.once("error", reject);
      outgoing.end(body);
    });
    const parsed: unknown = text === "" ? undefined : JSON.parse(text);
    if (status < 200 || status >= 300) {
      // The same error the client throws over fetch: a Response and Meilisearch's { message, code, type, link }.
      throw new MeilisearchApiError(
        new Response(text === "" ? null : text, { status, statusText, headers: responseHeaders }),
        parsed as ConstructorParameters<typeof MeilisearchApiError>[1],
      );
    }
    return parsed;
  }

  return {
    request,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
