import { checkImage, decodeDataUrl, MAX_IMAGE_BYTES, sniffImageType } from "./image-bytes";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

describe("badge image bytes", () => {
  it("serves the type the bytes are, whatever the data: URL claims", () => {
    const decoded = decodeDataUrl(`data:text/html;base64,${PNG.toString("base64")}`);
    expect(decoded).toMatchObject({ mediaType: "image/png" });
  });

  it("refuses HTML and script dressed as an image", () => {
    expect(
      decodeDataUrl("data:image/png;base64," + Buffer.from("<html><script>x</script>").toString("base64")),
    ).toEqual({ refused: "not-an-image" });
    expect(checkImage(Buffer.from("alert(1)"))).toEqual({ refused: "not-an-image" });
  });

  it("recognises an SVG, with or without an XML declaration, and a percent-encoded data: URL", () => {
    expect(sniffImageType(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(
      "image/svg+xml",
    );
    expect(
      decodeDataUrl("data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%2F%3E"),
    ).toMatchObject({
      mediaType: "image/svg+xml",
    });
  });

  it("refuses an image over the size cap before decoding it", () => {
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES)]);
    expect(decodeDataUrl(`data:image/png;base64,${big.toString("base64")}`)).toEqual({ refused: "too-large" });
    expect(checkImage(big)).toEqual({ refused: "too-large" });
  });

  it("refuses a malformed data: URL", () => {
    expect(decodeDataUrl("data:image/png;base64")).toEqual({ refused: "malformed" });
  });
});
