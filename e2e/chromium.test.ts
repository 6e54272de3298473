import { chromium as playwright } from "@playwright/test";
import { chooseChromium, resolveChromium } from "./chromium.js";

const nowhere = () => false;
const everywhere = () => true;

describe("which Chromium the end-to-end tests drive", () => {
  it("takes Debian's first when CHROMIUM_PATH is unset", () => {
    expect(chooseChromium({}, { exists: everywhere })).toEqual({
      source: "debian",
      executablePath: "/usr/bin/chromium",
    });
    expect(chooseChromium({ CHROMIUM_PATH: "  " }, { exists: everywhere }).source).toBe("debian");
  });

  it("takes CHROMIUM_PATH before Debian's", () => {
    expect(chooseChromium({ CHROMIUM_PATH: "/opt/chrome" }, { exists: everywhere })).toEqual({
      source: "CHROMIUM_PATH",
      executablePath: "/opt/chrome",
    });
  });

  it("refuses a CHROMIUM_PATH that points nowhere, with a sentence, rather than running another browser", () => {
    const choice = chooseChromium({ CHROMIUM_PATH: "/opt/none" }, { exists: (file) => file === "/usr/bin/chromium" });
    expect(choice).toMatchObject({ source: "missing" });
    expect("reason" in choice && choice.reason).toMatch(/CHROMIUM_PATH is set to \/opt\/none, but no file is there/);
  });

  it("falls back to the packaged Chromium when neither CHROMIUM_PATH nor Debian's exists", () => {
    expect(chooseChromium({}, { exists: nowhere })).toEqual({ source: "packaged" });
    expect(chooseChromium({ CHROMIUM_PATH: "packaged" }, { exists: everywhere })).toEqual({ source: "packaged" });
  });

  it("launches the packaged Chromium under Playwright and renders a page", async () => {
    const resolved = await resolveChromium({}, { debianPath: "/nonexistent/chromium" });
    expect(resolved.source).toBe("packaged");
    const browser = await playwright.launch({
      executablePath: resolved.executablePath,
      args: resolved.args,
      env: { ...process.env, ...resolved.env },
    });
    try {
      const page = await browser.newPage();
      await page.setContent("<main><h1>Verified skills</h1><button>Search</button></main>");
      await expect(page.getByRole("heading").textContent()).resolves.toBe("Verified skills");
      expect(await page.evaluate(() => navigator.userAgent)).toMatch(/Chrome\/\d+/);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
