import { tlpClass, tlpText } from '../lib/tlp';

/** The FIRST TLP 2.0 label: official colours on black, e.g. TLP:AMBER+STRICT. */
export function TlpLabel({ tlp }: { tlp: string | null | undefined }) {
  if (!tlp) return null;
  return (
    <span className={`tlp ${tlpClass(tlp)}`} data-testid="tlp-label">
      {tlpText(tlp)}
    </span>
  );
}
