import { readFileSync } from "node:fs";
import * as zlib from "node:zlib";
import { extractFromBakedImage, MAX_BADGES_PER_IMAGE, type BakedImageContents } from "./baked-image";

const fixture = (name: string) =>
  readFileSync(new URL(`../../verification/fixtures/outcomes/${name}`, import.meta.url), "utf8");

const credentialText = fixture("valid-eddsa-rdfc-2022.json");
const credential = JSON.parse(credentialText);
const ob2AssertionText = fixture("ob2-assertion.json");
const jwt = fixture("jwt-vc2-es256-did-jwk.jwt").trim();
const HOSTED = "https://badges.attest.test/assertions/42";

// --- PNG builders --------------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
/** Independent of the module's zlib.crc32, so the test checks the module rather than itself. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array | string, options: { length?: number; crc?: number } = {}): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), Buffer.from(data as Uint8Array)]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(options.length ?? body.length - 4);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(options.crc ?? crc32(body));
  return Buffer.concat([head, body, tail]);
}

function iTXt(keyword: string, text: string | Uint8Array, compressed = false): Buffer {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : Buffer.from(text);
  return chunk(
    "iTXt",
    Buffer.concat([
      Buffer.from(`${keyword}\0`, "latin1"),
      Buffer.from([compressed ? 1 : 0, 0]),
      Buffer.from("en\0\0", "latin1"),
      compressed ? zlib.deflateSync(bytes) : bytes,
    ]),
  );
}

const tEXt = (keyword: string, text: string) => chunk("tEXt", Buffer.from(`${keyword}\0${text}`, "latin1"));
const zTXt = (keyword: string, text: string) =>
  chunk("zTXt", Buffer.concat([Buffer.from(`${keyword}\0\0`, "latin1"), zlib.deflateSync(Buffer.from(text))]));

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IHDR = chunk("IHDR", Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]));
const IDAT = chunk("IDAT", zlib.deflateSync(Buffer.from([0, 255, 0, 0, 255])));
const IEND = chunk("IEND", Buffer.alloc(0));

/** A valid 1×1 PNG with the given chunks between the header and the image data. */
const png = (...extra: Buffer[]) => new Uint8Array(Buffer.concat([SIGNATURE, IHDR, ...extra, IDAT, IEND]));

const svg = (body: string, head = "") =>
  new TextEncoder().encode(
    `${head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="1" height="1">${body}<rect width="1" height="1"/></svg>`,
  );

const failures = (result: BakedImageContents) =>
  result.items.flatMap((item) => (item.ok ? [] : [{ code: item.code, reason: item.reason }]));

const only = (result: BakedImageContents) => {
  expect(result.links).toEqual([]);
  expect(result.items).toHaveLength(1);
  return result.items[0];
};

// --- PNG ------------------------------------------------------------------------------------------------------

describe("extractFromBakedImage: PNG", () => {
  it("reads an Open Badges 3.0 credential from an uncompressed iTXt chunk, keeping its exact text", () => {
    const result = extractFromBakedImage(png(iTXt("openbadgecredential", credentialText)), "upload:badge.png");
    expect(result).toEqual({
      items: [
        { ok: true, kind: "credential", document: credential, source: "upload:badge.png", raw: credentialText.trim() },
      ],
      links: [],
    });
  });

  it("reads a compressed iTXt chunk", () => {
    const item = only(extractFromBakedImage(png(iTXt("openbadgecredential", credentialText, true)), "b.png"));
    expect(item).toMatchObject({ ok: true, kind: "credential", document: credential });
  });

  it("reads a compact JWT", () => {
    const item = only(extractFromBakedImage(png(iTXt("openbadgecredential", jwt)), "b.png"));
    expect(item).toEqual({ ok: true, kind: "jwt", jwt, source: "b.png", raw: jwt });
  });

  it("reads the legacy tEXt and zTXt chunks some bakers write", () => {
    expect(only(extractFromBakedImage(png(tEXt("openbadges", ob2AssertionText)), "b.png"))).toMatchObject({
      ok: true,
      kind: "ob2-assertion",
    });
    expect(only(extractFromBakedImage(png(zTXt("openbadgecredential", credentialText)), "b.png"))).toMatchObject({
      ok: true,
      kind: "credential",
    });
  });

  it("reads UTF-8 in a tEXt chunk (bakers ignore the Latin-1 rule)", () => {
    const text = JSON.stringify({ ...credential, name: "Programmation Python — avancé" });
    const data = Buffer.concat([Buffer.from("openbadgecredential\0"), Buffer.from(text, "utf8")]);
    const item = only(extractFromBakedImage(png(chunk("tEXt", data)), "b.png"));
    expect(item.ok && item.kind === "credential" && (item.document as { name: string }).name).toBe(
      "Programmation Python — avancé",
    );
  });

  it("reads an Open Badges 2.0 JSON assertion", () => {
    expect(only(extractFromBakedImage(png(iTXt("openbadges", ob2AssertionText)), "b.png"))).toMatchObject({
      ok: true,
      kind: "ob2-assertion",
      source: "b.png",
    });
  });

  it("returns an Open Badges 2.0 hosted assertion's URL as a link to fetch", () => {
    expect(extractFromBakedImage(png(iTXt("openbadges", ` ${HOSTED}\n`)), "b.png")).toEqual({
      items: [],
      links: [HOSTED],
    });
    expect(extractFromBakedImage(png(tEXt("openbadges", HOSTED)), "b.png")).toEqual({ items: [], links: [HOSTED] });
  });

  it("refuses a zip bomb without inflating it", () => {
    const bomb = Buffer.alloc(50_000_000);
    const chunkWithBomb = chunk(
      "iTXt",
      Buffer.concat([Buffer.from("openbadgecredential\0\x01\x00\0\0", "latin1"), zlib.deflateSync(bomb)]),
    );
    expect(chunkWithBomb.length).toBeLessThan(100_000);
    const started = Date.now();
    const item = only(extractFromBakedImage(png(chunkWithBomb), "b.png"));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(item).toMatchObject({ ok: false, code: "too-large", source: "b.png" });
    expect(!item.ok && item.reason).toMatch(/more than 1 MB when decompressed/);
  });

  it("accepts text right at the 1 MB cap and refuses text above it", () => {
    const padded = (size: number) => credentialText.padEnd(size, " ");
    expect(only(extractFromBakedImage(png(iTXt("openbadgecredential", padded(1_000_000), true)), "b"))).toMatchObject({
      ok: true,
    });
    expect(only(extractFromBakedImage(png(iTXt("openbadgecredential", padded(1_000_001), true)), "b"))).toMatchObject({
      ok: false,
      code: "too-large",
    });
    expect(only(extractFromBakedImage(png(iTXt("openbadgecredential", padded(1_000_001))), "b"))).toMatchObject({
      ok: false,
      code: "too-large",
    });
  });

  it("refuses compressed data that does not inflate", () => {
    const data = Buffer.concat([Buffer.from("openbadgecredential\0\x01\x00\0\0", "latin1"), Buffer.from("not zlib")]);
    expect(failures(extractFromBakedImage(png(chunk("iTXt", data)), "b"))).toEqual([
      {
        code: "damaged-image",
        reason: "The badge data in this image is compressed but cannot be decompressed (it is damaged).",
      },
    ]);
  });

  it("refuses chunk lengths that lie", () => {
    for (const length of [0xffffffff, 0x7fffffff, 5_000]) {
      const image = png(chunk("iTXt", "openbadgecredential\0\0\0\0\0{}", { length }));
      expect(only(extractFromBakedImage(image, "b"))).toMatchObject({ ok: false, code: "damaged-image" });
    }
    // A length too short makes the next "chunk" start inside this one's data.
    const short = png(chunk("iTXt", "openbadgecredential\0\0\0\0\0{}", { length: 3 }));
    expect(only(extractFromBakedImage(short, "b"))).toMatchObject({ ok: false, code: "damaged-image" });
  });

  it("refuses a truncated file, even when the badge was read before the cut", () => {
    const whole = png(iTXt("openbadgecredential", credentialText));
    for (const cut of [1, 4, 12, 13, whole.length - 20, whole.length - 9]) {
      const item = only(extractFromBakedImage(whole.subarray(0, whole.length - cut), "b"));
      expect(item).toMatchObject({ ok: false, code: "damaged-image" });
      expect(!item.ok && item.reason).toMatch(/cut short/);
    }
    // Just the signature, or part of it.
    expect(only(extractFromBakedImage(SIGNATURE, "b"))).toMatchObject({ ok: false, code: "damaged-image" });
    expect(only(extractFromBakedImage(SIGNATURE.subarray(0, 5), "b"))).toMatchObject({
      ok: false,
      code: "unsupported-format",
    });
  });

  it("refuses a PNG that does not start with its header or has a garbled chunk type", () => {
    const noHeader = new Uint8Array(Buffer.concat([SIGNATURE, iTXt("openbadgecredential", credentialText), IEND]));
    expect(only(extractFromBakedImage(noHeader, "b"))).toMatchObject({ ok: false, code: "damaged-image" });
    expect(only(extractFromBakedImage(png(chunk("i\0Xt", "x")), "b"))).toMatchObject({
      ok: false,
      code: "damaged-image",
    });
  });

  it("refuses a badge chunk whose checksum does not match", () => {
    const image = png(chunk("iTXt", `openbadgecredential\0\0\0\0\0${credentialText}`, { crc: 1234 }));
    expect(failures(extractFromBakedImage(image, "b"))).toEqual([
      {
        code: "damaged-image",
        reason: "The badge data in this image is damaged (its checksum does not match), so Attest cannot read it.",
      },
    ]);
  });

  it("refuses iTXt text that is not UTF-8, and a malformed iTXt header", () => {
    expect(
      only(extractFromBakedImage(png(iTXt("openbadgecredential", new Uint8Array([0x7b, 0xff, 0x7d]))), "b")),
    ).toMatchObject({ ok: false, code: "damaged-image" });
    expect(only(extractFromBakedImage(png(chunk("iTXt", "openbadgecredential\0\0\0en")), "b"))).toMatchObject({
      ok: false,
      code: "damaged-image",
    });
    expect(only(extractFromBakedImage(png(chunk("iTXt", "openbadgecredential\0\x02\0\0\0{}")), "b"))).toMatchObject({
      ok: false,
      code: "damaged-image",
    });
  });

  it("says so when a PNG holds no badge, ignoring other text chunks", () => {
    const plain = png(iTXt("Comment", credentialText), tEXt("Software", "a baker"), tEXt("openbadgesX", "{}"));
    expect(extractFromBakedImage(plain, "photo.png")).toEqual({
      items: [
        {
          ok: false,
          source: "photo.png",
          code: "no-credential",
          reason: "This image holds no badge (no Open Badges data was baked into it).",
        },
      ],
      links: [],
    });
  });

  it("says so when the badge chunk is empty, and passes unreadable text to the usual reasons", () => {
    expect(only(extractFromBakedImage(png(iTXt("openbadgecredential", "  ")), "b"))).toMatchObject({
      ok: false,
      code: "no-credential",
    });
    expect(only(extractFromBakedImage(png(iTXt("openbadgecredential", "{nope")), "b"))).toMatchObject({
      ok: false,
      code: "not-json",
    });
    expect(only(extractFromBakedImage(png(iTXt("openbadgecredential", "hello")), "b"))).toMatchObject({
      ok: false,
      code: "unrecognised-text",
    });
  });

  it("numbers several badges, and reads a badge written twice (iTXt and tEXt) once", () => {
    const result = extractFromBakedImage(
      png(
        iTXt("openbadgecredential", credentialText),
        tEXt("openbadgecredential", credentialText),
        iTXt("openbadges", ob2AssertionText, true),
        iTXt("openbadges", HOSTED),
      ),
      "b.png",
    );
    expect(result.links).toEqual([HOSTED]);
    expect(result.items.map((item) => [item.ok, item.source])).toEqual([
      [true, "b.png (badge 1 of 3)"],
      [true, "b.png (badge 2 of 3)"],
    ]);
  });

  it(`reads at most ${MAX_BADGES_PER_IMAGE} badges from one image`, () => {
    const chunks = Array.from({ length: 40 }, (_, i) => iTXt("openbadges", `${HOSTED}/${i}`, true));
    const result = extractFromBakedImage(png(...chunks), "b.png");
    expect(result.links).toHaveLength(MAX_BADGES_PER_IMAGE);
    expect(failures(result)).toEqual([
      {
        code: "too-many-items",
        reason: `Only the first ${MAX_BADGES_PER_IMAGE} badges baked into this image were read; submit the rest separately.`,
      },
    ]);
  });

  it("reads a PNG handed over as a Buffer slice of a larger allocation", () => {
    const image = png(iTXt("openbadgecredential", jwt));
    const pool = Buffer.alloc(image.length + 100, 7);
    pool.set(image, 37);
    expect(only(extractFromBakedImage(pool.subarray(37, 37 + image.length), "b"))).toMatchObject({ kind: "jwt" });
  });
});

// --- SVG ------------------------------------------------------------------------------------------------------

describe("extractFromBakedImage: SVG", () => {
  it("reads an Open Badges 3.0 credential from CDATA", () => {
    const image = svg(
      `<openbadges:credential><![CDATA[${credentialText}]]></openbadges:credential>`,
      '<?xml version="1.0" encoding="UTF-8"?>\n',
    );
    expect(extractFromBakedImage(image, "badge.svg")).toEqual({
      items: [{ ok: true, kind: "credential", document: credential, source: "badge.svg", raw: credentialText.trim() }],
      links: [],
    });
  });

  it("reads entity-encoded JSON", () => {
    const encoded = credentialText
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/"/g, "&quot;")
      .replace(/:/g, "&#x3A;")
      .replace(/\n/g, "&#10;");
    const item = only(extractFromBakedImage(svg(`<openbadges:credential>${encoded}</openbadges:credential>`), "b"));
    expect(item).toMatchObject({ ok: true, kind: "credential", document: credential });
  });

  it("reads a JWT as text", () => {
    const item = only(extractFromBakedImage(svg(`<openbadges:credential>\n  ${jwt}\n</openbadges:credential>`), "b"));
    expect(item).toMatchObject({ ok: true, kind: "jwt", jwt });
  });

  it("returns an Open Badges 2.0 hosted assertion's verify URL as a link to fetch", () => {
    const image = new TextEncoder().encode(
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="${HOSTED}?a=1&amp;b=2"/></svg>`,
    );
    expect(extractFromBakedImage(image, "b")).toEqual({ items: [], links: [`${HOSTED}?a=1&b=2`] });
  });

  it("prefers an Open Badges 2.0 assertion's JSON content to its verify URL, and reads a JWS verify value", () => {
    const withContent = svg(
      `<openbadges:assertion verify="${HOSTED}"><![CDATA[${ob2AssertionText}]]></openbadges:assertion>`,
    );
    expect(only(extractFromBakedImage(withContent, "b"))).toMatchObject({ ok: true, kind: "ob2-assertion" });
    const signed = svg(`<openbadges:assertion verify="${jwt}"></openbadges:assertion>`);
    expect(only(extractFromBakedImage(signed, "b"))).toMatchObject({ ok: true, kind: "jwt", jwt });
  });

  it("finds the badge by namespace, whatever the prefix", () => {
    const image = new TextEncoder().encode(
      `<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><g xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential><![CDATA[${jwt}]]></ob:credential></g></svg:svg>`,
    );
    expect(only(extractFromBakedImage(image, "b"))).toMatchObject({ ok: true, kind: "jwt" });
    // An element merely named "credential" in another namespace is not a badge.
    const other = new TextEncoder().encode(
      `<svg xmlns="http://www.w3.org/2000/svg"><x:credential xmlns:x="urn:other">${jwt}</x:credential></svg>`,
    );
    expect(only(extractFromBakedImage(other, "b"))).toMatchObject({ ok: false, code: "no-credential" });
  });

  it("is not fooled by badge tags in comments, attribute values, escaped text or processing instructions", () => {
    const fake = `<openbadges:credential>${jwt}</openbadges:credential>`;
    const image = svg(
      [
        `<!-- ${fake} -->`,
        `<?note ${fake} ?>`,
        `<desc title='a > b "${fake.replace(/</g, "&lt;")}"'>&lt;openbadges:credential&gt;${jwt}&lt;/openbadges:credential&gt;</desc>`,
        `<text>x > y</text>`,
      ].join("\n"),
    );
    expect(only(extractFromBakedImage(image, "b"))).toMatchObject({ ok: false, code: "no-credential" });
  });

  it("ignores an external DOCTYPE, which editors write and which is never fetched", () => {
    const image = svg(
      `<openbadges:credential><![CDATA[${jwt}]]></openbadges:credential>`,
      '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n',
    );
    expect(only(extractFromBakedImage(image, "b"))).toMatchObject({ ok: true, kind: "jwt" });
  });

  it("refuses entity declarations (a billion-laughs bomb) with a clear reason", () => {
    const bomb = [
      '<?xml version="1.0"?>',
      "<!DOCTYPE svg [",
      ' <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`),
      "]>",
    ].join("\n");
    const item = only(extractFromBakedImage(svg(`<openbadges:credential>&lol9;</openbadges:credential>`, bomb), "b"));
    expect(item).toMatchObject({ ok: false, code: "unsupported-format" });
    expect(!item.ok && item.reason).toMatch(/declares its own XML entities/);
  });

  it("refuses undeclared entities in the badge", () => {
    const item = only(extractFromBakedImage(svg(`<openbadges:credential>&lol9;</openbadges:credential>`), "b"));
    expect(item).toMatchObject({ ok: false, code: "damaged-image" });
    expect(!item.ok && item.reason).toMatch(/entity that is not defined/);
  });

  it("refuses SVG that is not well-formed", () => {
    const cases = [
      `<openbadges:credential>${jwt}`, // never closed
      `<openbadges:credential>${jwt}</openbadges:assertion>`, // mismatched
      `<g><!-- never closed </g>`,
      `<g a="1" a="2"/>`,
      `<g a=1/>`,
      `<g a="x<y"/>`,
      `<g><![CDATA[ never closed</g>`,
    ];
    for (const body of cases) {
      expect(only(extractFromBakedImage(svg(body), "b"))).toMatchObject({ ok: false, code: "damaged-image" });
    }
    const cut = svg(`<openbadges:credential><![CDATA[${jwt}]]></openbadges:credential>`);
    expect(only(extractFromBakedImage(cut.subarray(0, cut.length - 3), "b"))).toMatchObject({
      ok: false,
      code: "damaged-image",
    });
  });

  it("says so when an SVG holds no badge, or an empty one", () => {
    expect(only(extractFromBakedImage(svg(""), "b"))).toEqual({
      ok: false,
      source: "b",
      code: "no-credential",
      reason: "This image holds no badge (no Open Badges data was baked into it).",
    });
    expect(only(extractFromBakedImage(svg("<openbadges:credential> </openbadges:credential>"), "b"))).toMatchObject({
      ok: false,
      code: "no-credential",
      reason: "This image has an Open Badges tag, but nothing is inside it.",
    });
  });

  it("reads a UTF-16 SVG with a byte-order mark", () => {
    const text = `\uFEFF<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="${HOSTED}"/></svg>`;
    expect(extractFromBakedImage(new Uint8Array(Buffer.from(text, "utf16le")), "b")).toEqual({
      items: [],
      links: [HOSTED],
    });
  });
});

// --- Other input ----------------------------------------------------------------------------------------------

describe("extractFromBakedImage: other files", () => {
  it("refuses empty input", () => {
    expect(only(extractFromBakedImage(new Uint8Array(), "b"))).toEqual({
      ok: false,
      source: "b",
      code: "empty",
      reason: "The file is empty.",
    });
  });

  it("names a JPEG for what it is", () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
    expect(only(extractFromBakedImage(jpeg, "photo.jpg"))).toEqual({
      ok: false,
      source: "photo.jpg",
      code: "unsupported-format",
      reason: "This file is a JPEG image, not a PNG or SVG image; badges are baked only into PNG and SVG images.",
    });
  });

  it("refuses random bytes, plain text, HTML and other XML as not an image", () => {
    const notImage = "This file is not a PNG or SVG image, so it cannot hold a baked badge.";
    const inputs = [
      new Uint8Array(Array.from({ length: 256 }, (_, i) => (i * 97 + 13) & 0xff)),
      new TextEncoder().encode(credentialText),
      new TextEncoder().encode("<!DOCTYPE html><html><body><br></body></html>"),
      new TextEncoder().encode(
        `<?xml version="1.0"?><feed><openbadges:credential>${jwt}</openbadges:credential></feed>`,
      ),
    ];
    for (const input of inputs) {
      expect(only(extractFromBakedImage(input, "f"))).toEqual({
        ok: false,
        source: "f",
        code: "unsupported-format",
        reason: notImage,
      });
    }
  });

  it("refuses files over 10 MB unread", () => {
    expect(only(extractFromBakedImage(new Uint8Array(10_000_001), "b"))).toMatchObject({
      ok: false,
      code: "too-large",
    });
  });

  it("never throws, whatever the bytes", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const originals = [
      png(iTXt("openbadgecredential", credentialText, true), tEXt("openbadges", HOSTED)),
      svg(`<openbadges:credential><![CDATA[${jwt}]]></openbadges:credential><!-- c --><g a="&amp;"/>`),
    ];
    for (const original of originals) {
      for (let round = 0; round < 400; round++) {
        const mutated = new Uint8Array(original.subarray(0, Math.floor(random() * (original.length + 1))));
        for (let k = 0; k < 1 + random() * 4; k++) {
          mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
        }
        const result = extractFromBakedImage(mutated, "fuzz");
        expect(result.items.length + result.links.length).toBeGreaterThan(0);
      }
    }
  });
});
