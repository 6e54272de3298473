import { createSearchEngine } from "#search/create-engine.server";

describe("createSearchEngine", () => {
  test("is the embedded engine when MEILI_HOST is not set", () => {
    expect(createSearchEngine({}).name).toBe("embedded");
    expect(createSearchEngine({ MEILI_HOST: "  " }).name).toBe("embedded");
  });

  test("is Meilisearch when MEILI_HOST is set (nothing is contacted until it is used)", () => {
    expect(createSearchEngine({ MEILI_HOST: "http://127.0.0.1:7700", MEILI_API_KEY: "key" }).name).toBe("meilisearch");
  });
});
