import http from "node:http";
import type { AddressInfo } from "node:net";
import { Meilisearch, MeilisearchApiError } from "meilisearch";
import { createKeepAliveTransport } from "#search/meilisearch-transport.server";

/** A stand-in Meilisearch on loopback that counts TCP connections and answers /indexes/missing with a 404. */
async function startStandIn() {
  let connections = 0;
  const bodies: string[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      bodies.push(body);
      response.setHeader("content-type", "application/json");
      if (request.url?.startsWith("/indexes/missing")) {
        response.statusCode = 404;
        response.end(
          JSON.stringify({
            message: "Index `missing` not found.",
            code: "index_not_found",
            type: "invalid_request",
            link: "",
          }),
        );
        return;
      }
      response.end(JSON.stringify({ uid: "candidates", primaryKey: "id", createdAt: "", updatedAt: "", echo: body }));
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host, bodies, connections: () => connections, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("the Meilisearch client's keep-alive transport", () => {
  it("sends every request of a client over one reused connection", async () => {
    const standIn = await startStandIn();
    const transport = createKeepAliveTransport();
    try {
      const client = new Meilisearch({ host: standIn.host, apiKey: "key", httpClient: transport.request });
      for (let i = 0; i < 20; i++) expect(await client.getRawIndex("candidates")).toMatchObject({ primaryKey: "id" });
      expect(standIn.connections()).toBe(1);
    } finally {
      transport.close();
      await standIn.close();
    }
  });

  it("sends the client's JSON body and headers, and returns the parsed answer", async () => {
    const standIn = await startStandIn();
    const transport = createKeepAliveTransport();
    try {
      const answer = (await transport.request(`${standIn.host}/indexes/candidates/search`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer key" },
        body: JSON.stringify({ q: "Ünïcode ✓" }),
      })) as { echo: string };
      expect(JSON.parse(answer.echo)).toEqual({ q: "Ünïcode ✓" });
    } finally {
      transport.close();
      await standIn.close();
    }
  });

  it("turns an error answer into Meilisearch's own error, with its code and message", async () => {
    const standIn = await startStandIn();
    const transport = createKeepAliveTransport();
    try {
      const failure = await transport.request(`${standIn.host}/indexes/missing`).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MeilisearchApiError);
      expect((failure as MeilisearchApiError).cause).toMatchObject({ code: "index_not_found" });
      expect((failure as MeilisearchApiError).response.status).toBe(404);
      // Through the client, the error keeps its message for the operator's log.
      const client = new Meilisearch({ host: standIn.host, httpClient: transport.request });
      await expect(client.getRawIndex("missing")).rejects.toThrow();
    } finally {
      transport.close();
      await standIn.close();
    }
  });
});
