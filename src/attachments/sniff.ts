/**
 * A declared media type checked against the first bytes. The hub never opens, renders or runs
 * an attachment (every download is application/octet-stream), so this is not a safety net for
 * the hub; it stops a file from claiming to be a harmless document or image when its bytes say
 * it is markup, a script or a program — the classic way to make a reader open something other
 * than what they were promised. Types we cannot check are accepted as declared.
 */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

type Kind = 'pdf' | 'png' | 'jpeg' | 'gif' | 'zip' | 'executable' | 'markup' | 'unknown';

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** What the first bytes say the content is. */
export function sniff(bytes: Buffer): Kind {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(bytes, [0x4d, 0x5a]) || startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'executable'; // MZ, ELF
  if (startsWith(bytes, [0x23, 0x21])) return 'executable'; // #! script
  // only a file that BEGINS as markup counts: a web server log quoting `<script>` is still a log
  const head = bytes.subarray(0, 1024).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (/^<(!doctype html|html|svg|script|\?xml[^>]*>\s*<svg)/.test(head)) return 'markup';
  return 'unknown';
}

const EXPECTED: Record<string, Kind[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpeg'],
  'image/gif': ['gif'],
  'application/zip': ['zip'],
  'application/x-zip-compressed': ['zip'],
};

/** The reason the declared type is refused, or null. `declared` is already lower-cased. */
export function declaredTypeProblem(declared: string, bytes: Buffer): string | null {
  if (!MEDIA_TYPE.test(declared)) return `'${declared}' is not a media type (type/subtype)`;
  const kind = sniff(bytes);
  const expected = EXPECTED[declared];
  if (expected && !expected.includes(kind)) {
    return `the file is declared as ${declared} but its content is ${kind === 'unknown' ? 'something else' : describe(kind)}`;
  }
  // Text, documents and office files must not be markup or programs in disguise.
  const harmless = declared.startsWith('text/') || declared.startsWith('image/') || declared === 'application/json' || declared === 'application/msword' || declared.startsWith('application/vnd.');
  if (harmless && (kind === 'executable' || (kind === 'markup' && declared !== 'text/html' && declared !== 'image/svg+xml'))) {
    return `the file is declared as ${declared} but its content is ${describe(kind)}`;
  }
  return null;
}

function describe(kind: Kind): string {
  switch (kind) {
    case 'executable':
      return 'a program or script';
    case 'markup':
      return 'HTML/SVG markup with possible script';
    default:
      return `a ${kind.toUpperCase()} file`;
  }
}
