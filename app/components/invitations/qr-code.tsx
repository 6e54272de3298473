/**
 * A QR code drawn on the server (app/invitations/invitations.server.ts, the `qrcode` library) as SVG, shown as an
 * image (the CSP allows data: images) so it has an alt text and scales without blurring.
 */
export function QrCode({ svg, alt, caption }: { svg: string; alt: string; caption?: React.ReactNode }) {
  return (
    <figure className="qr-code">
      <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={alt} width={176} height={176} />
      {caption ? <figcaption className="muted small">{caption}</figcaption> : null}
    </figure>
  );
}
