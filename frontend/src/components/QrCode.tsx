/**
 * QrCode shows the recovery key's QR code. The SVG is drawn by the Go side
 * (app.qrSVG: one <rect> and one <path> of numbers) from the key it just
 * generated, never from user input, which is why it may be inserted as
 * markup here and nowhere else.
 */
export function QrCode({ svg, size = 168 }: { svg: string; size?: number }) {
  return <div data-testid="recovery-qr" style={{ width: size, height: size, lineHeight: 0 }} className="kinko-qr" dangerouslySetInnerHTML={{ __html: svg }} />;
}
