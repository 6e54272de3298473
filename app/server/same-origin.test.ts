import express from "express";
import type { AddressInfo } from "node:net";
import { refuseCrossSiteForms } from "./same-origin";

describe("refuseCrossSiteForms", () => {
  let base: string;
  let close: () => void;
  beforeAll(async () => {
    const app = express();
    app.use(refuseCrossSiteForms);
    app.all("*", (_req, res) => res.send("reached"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const post = (path: string, headers: Record<string, string>) =>
    fetch(`${base}${path}`, { method: "POST", headers, body: "x=1" });

  it("refuses a form posted from another site with a 403 and a sentence", async () => {
    const response = await post("/admin/users", { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/sent from another site \(https:\/\/evil\.example\), so nothing was done/);
    expect((await post("/sign-in", { origin: "null" })).status).toBe(403);
  });

  it("lets through same-site forms, forms without an Origin, reads, and the machine doors", async () => {
    expect(await (await post("/admin/users", { origin: base })).text()).toBe("reached");
    expect(
      await (
        await post("/admin/users", { origin: "https://attest.example", "x-forwarded-host": "attest.example" })
      ).text(),
    ).toBe("reached");
    expect(await (await post("/admin/users", {})).text()).toBe("reached");
    expect(await (await fetch(`${base}/search`, { headers: { origin: "https://evil.example" } })).text()).toBe(
      "reached",
    );
    expect(await (await post("/api/submissions", { origin: "https://evil.example" })).text()).toBe("reached");
  });
});
