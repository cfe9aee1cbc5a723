/**
 * The `extensions` common property (§3.2, §3.10, §7.3, §11.3). Keys are either the id of
 * an extension-definition (the value must then carry `extension_type`), or, on SCOs
 * only, the name of a predefined extension (e.g. `ntfs-ext`) or of a deprecated custom
 * SCO extension. Internal to src/stix.
 */
import { checkValue, isObj, sub } from './checks.js';
import type { Ctx } from './checks.js';
import { isIdOfType } from './ids.js';
import { EXTENSION_TYPES, PREDEFINED_EXTENSIONS } from './schemas.js';

const EXT_TYPE_SET: ReadonlySet<string> = new Set(EXTENSION_TYPES);
const EXT_TYPE_MSG = `must be one of: ${EXTENSION_TYPES.join(', ')}`;
/**
 * Extension property names (§7.3.2) are a–z, 0–9, _ and 3–250 characters. We accept from
 * one character: OpenCTI, a major STIX 2.1 producer, puts `id` and `type` inside its
 * property extension, and refusing every object it exports would help nobody. Names are
 * still confined to the safe character set.
 */
const EXT_PROP_RE = /^[a-z0-9_]{1,250}$/;
/** SCO extension names (§11.3.1): a–z, 0–9, hyphen; 3–250 characters. */
const SCO_EXT_NAME_RE = /^[a-z0-9-]{3,250}$/;

export function checkExtensions(c: Ctx, v: unknown, p: string): void {
  if (!isObj(v)) return c.err(p, 'must be a dictionary (JSON object)');
  const keys = Object.keys(v);
  if (keys.length === 0) return c.err(p, 'must not be an empty dictionary');
  for (const k of keys) {
    const val = v[k];
    const kp = sub(p, k);
    if (isIdOfType(k, 'extension-definition')) {
      if (!isObj(val)) {
        c.err(kp, 'must be an object holding the extension properties');
        continue;
      }
      const et = val.extension_type;
      if (et === undefined) c.err(sub(kp, 'extension_type'), 'is required for an extension defined by an extension-definition');
      else if (typeof et !== 'string' || !EXT_TYPE_SET.has(et)) c.err(sub(kp, 'extension_type'), EXT_TYPE_MSG);
      for (const name of Object.keys(val)) {
        if (!EXT_PROP_RE.test(name)) c.err(sub(kp, name), 'extension property names must be 1–250 characters of a–z, 0–9 and _');
      }
      continue;
    }
    if (!c.sco) {
      c.err(kp, 'must be the identifier of an extension-definition (predefined and custom extensions exist only on SCOs)');
      continue;
    }
    if (!SCO_EXT_NAME_RE.test(k)) {
      c.err(kp, 'must be an extension-definition identifier or an SCO extension name (3–250 characters of a–z, 0–9 and -)');
      continue;
    }
    if (!isObj(val) || Object.keys(val).length === 0) {
      c.err(kp, 'must be a non-empty object holding the extension properties');
      continue;
    }
    const et = val.extension_type;
    if (et !== undefined && (typeof et !== 'string' || !EXT_TYPE_SET.has(et))) c.err(sub(kp, 'extension_type'), EXT_TYPE_MSG);
    const pre = PREDEFINED_EXTENSIONS.get(k);
    if (pre === undefined) continue;
    if (pre.owner !== c.type) c.err(kp, `is a predefined extension of ${pre.owner} objects, not of ${c.type}`);
    else checkValue(c, val, kp, pre.spec);
  }
}
