import zlib from "node:zlib";

/**
 * Bakes a credential into a PNG the way Open Badges 3.0 bakers do: an iTXt chunk with the keyword
 * "openbadgecredential" holding the credential's text. The image itself is a 1×1 pixel; for demos and tests.
 */
export function bakeCredentialIntoPng(credentialText: string): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  // keyword, NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL
  const itxt = Buffer.concat([
    Buffer.from("openbadgecredential\0\0\0\0\0", "latin1"),
    Buffer.from(credentialText, "utf8"),
  ]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
    chunk("iTXt", itxt),
    chunk("IDAT", zlib.deflateSync(Buffer.from([0, 0]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
