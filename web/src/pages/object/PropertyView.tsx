import { createContext, useContext, type ReactNode } from 'react';
import type { HeldElsewhere, Summary } from '../../api/types';
import { useTranslation } from 'react-i18next';
import { TlpLabel } from '../../components/TlpLabel';
import { formatDateTime, humanize } from '../../lib/format';
import { Link } from '../../lib/router';
import { TLP_MARKINGS } from '../../lib/tlp';
import { isStixId, objectPath, safeHttpUrl } from '../../lib/url';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const MONO_KEYS = new Set(['pattern', 'id', 'value', 'hashes', 'key', 'body', 'payload_bin', 'name_enc', 'mime_type']);
const MAX_DEPTH = 6;
const CLASSIFICATION_EXTENSION = 'extension-definition--c0a54da4-1c81-4d57-a4f5-29901dda7d52';

/** Objects the page already knows (relationship ends): refs to them show their label and TLP. */
export const KnownObjects = createContext<ReadonlyMap<string, Summary | HeldElsewhere>>(new Map());

/** Properties first in this order, the identifying metadata last, the rest alphabetically between. */
const FIRST = ['name', 'relationship_type', 'source_ref', 'target_ref', 'sighting_of_ref', 'pattern', 'pattern_type', 'value', 'hashes', 'valid_from', 'valid_until', 'published', 'first_seen', 'last_seen', 'first_observed', 'last_observed', 'count'];
const LAST = ['labels', 'confidence', 'external_references', 'object_marking_refs', 'granular_markings', 'created_by_ref', 'extensions', 'created', 'modified', 'revoked', 'lang', 'spec_version', 'id', 'type'];

export function orderedEntries(obj: Obj): [string, unknown][] {
  const rank = (k: string) => {
    const f = FIRST.indexOf(k);
    if (f >= 0) return f;
    const l = LAST.indexOf(k);
    return l >= 0 ? 1000 + l : 500;
  };
  return Object.entries(obj).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A reference to another STIX object: a link to its page (the page says if it is not visible). */
export function RefLink({ id }: { id: unknown }) {
  const known = useContext(KnownObjects);
  if (!isStixId(id)) return <span className="mono">{String(id)}</span>;
  const tlp = TLP_MARKINGS[id];
  if (tlp) return <TlpLabel tlp={tlp} />;
  const other = known.get(id);
  if (other && 'label' in other) {
    return (
      <span className="ref-known">
        <TlpLabel tlp={other.tlp} />
        <Link to={objectPath(id)}>{other.label || id}</Link>
        <span className="mono small muted break">{id}</span>
      </span>
    );
  }
  return (
    <Link to={objectPath(id)} className="mono ref-link">
      {id}
    </Link>
  );
}

function ExternalReferences({ refs }: { refs: unknown[] }) {
  const { t } = useTranslation();
  return (
    <ul className="ext-refs">
      {refs.map((r, i) => {
        if (!isObj(r)) return <li key={i}>{String(r)}</li>;
        const url = safeHttpUrl(r.url);
        return (
          <li key={i} className="ext-ref">
            <div className="ext-ref-head">
              <strong>{String(r.source_name ?? '')}</strong>
              {r.external_id !== undefined && <span className="mono chip">{String(r.external_id)}</span>}
            </div>
            {r.description !== undefined && <p className="prewrap">{String(r.description)}</p>}
            {r.url !== undefined &&
              (url ? (
                <a href={url} target="_blank" rel="noopener noreferrer" className="ext-link" data-testid="external-link">
                  {url}
                </a>
              ) : (
                <span className="mono unsafe-url" title={t('object.unsafeUrl')} data-testid="unsafe-url">
                  {String(r.url)}
                </span>
              ))}
            {isObj(r.hashes) && <Hashes hashes={r.hashes} />}
          </li>
        );
      })}
    </ul>
  );
}

function Hashes({ hashes }: { hashes: Obj }) {
  return (
    <table className="hashes">
      <tbody>
        {Object.entries(hashes).map(([alg, v]) => (
          <tr key={alg}>
            <th scope="row">{alg}</th>
            <td className="mono break">{String(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function KillChain({ phases }: { phases: unknown[] }) {
  return (
    <span className="chips">
      {phases.map((p, i) =>
        isObj(p) ? (
          <span key={i} className="chip chip-kc">
            <span className="muted">{String(p.kill_chain_name)}</span> › {String(p.phase_name)}
          </span>
        ) : (
          <span key={i}>{String(p)}</span>
        ),
      )}
    </span>
  );
}

/** Any JSON value, readably; STIX text is always text, never HTML. */
export function Value({ name, value, depth = 0 }: { name: string; value: unknown; depth?: number }): ReactNode {
  const { t, i18n } = useTranslation();
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (name === 'pattern' && typeof value === 'string') {
    return (
      <pre className="code" data-testid="pattern">
        {value}
      </pre>
    );
  }
  if (name === 'external_references' && Array.isArray(value)) return <ExternalReferences refs={value} />;
  if (name === 'kill_chain_phases' && Array.isArray(value)) return <KillChain phases={value} />;
  if (name === 'hashes' && isObj(value)) return <Hashes hashes={value} />;
  if (name.endsWith('_ref') && typeof value === 'string') return <RefLink id={value} />;
  if (name.endsWith('_refs') && Array.isArray(value)) {
    return (
      <ul className="ref-list">
        {value.map((v, i) => (
          <li key={i}>
            <RefLink id={v} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'boolean') return <span>{value ? t('common.yes') : t('common.no')}</span>;
  if (typeof value === 'number') return <span className="mono">{value}</span>;
  if (typeof value === 'string') {
    if (TIMESTAMP.test(value)) {
      return (
        <time dateTime={value} title={value}>
          {formatDateTime(value, i18n.language)} <span className="muted mono small">{value}</span>
        </time>
      );
    }
    if (MONO_KEYS.has(name) || isStixId(value)) return <span className="mono break">{value}</span>;
    return <span className="prewrap">{value}</span>;
  }
  if (depth >= MAX_DEPTH) return <span className="mono">{JSON.stringify(value)}</span>;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string' && v.length < 60)) {
      return (
        <span className="chips">
          {value.map((v, i) => (
            <span key={i} className="chip">
              {String(v)}
            </span>
          ))}
        </span>
      );
    }
    return (
      <ol className="value-list">
        {value.map((v, i) => (
          <li key={i}>
            <Value name={name} value={v} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  if (isObj(value)) return <Properties obj={value} depth={depth + 1} />;
  return <span>{String(value)}</span>;
}

/** Every property of an object (or a nested object), as a definition list. */
export function Properties({ obj, depth = 0, skip = [] }: { obj: Obj; depth?: number; skip?: string[] }) {
  const { t } = useTranslation();
  const entries = depth === 0 ? orderedEntries(obj) : Object.entries(obj);
  return (
    <dl className={depth === 0 ? 'props' : 'props props-nested'} data-testid={depth === 0 ? 'properties' : undefined}>
      {entries.filter(([k]) => !skip.includes(k)).map(([k, v]) => (
        <div key={k} className="prop">
          <dt title={k}>
            {depth === 0 ? (
              t(`prop.${k}`, { defaultValue: humanize(k) })
            ) : k === CLASSIFICATION_EXTENSION ? (
              <>
                {t('object.classificationExtension')}
                <span className="prop-key mono break">{k}</span>
              </>
            ) : isStixId(k) ? (
              <span className="mono break">{k}</span>
            ) : (
              humanize(k)
            )}
            {depth === 0 && <span className="prop-key mono">{k}</span>}
          </dt>
          <dd>
            <Value name={k} value={v} depth={depth} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
