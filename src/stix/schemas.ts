/**
 * Property schemas of the STIX 2.1 object types (spec §3.2, §4–§7): which properties are
 * required, and the data type of every specified property. Cross-property rules live
 * in rules.ts. Internal to src/stix.
 */
import {
  anyRef, anyRefs, binary, bool, dict, float, hashes, hex, int, kcp, lang, listOf, obj, objs, oneOf, ref,
  refNot, refs, req, schema, str, strs, ts, tsMs,
} from './checks.js';
import type { PropSpec, Schema } from './checks.js';

export const SDO_TYPES: ReadonlySet<string> = new Set([
  'attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident', 'indicator',
  'infrastructure', 'intrusion-set', 'location', 'malware', 'malware-analysis', 'note', 'observed-data',
  'opinion', 'report', 'threat-actor', 'tool', 'vulnerability',
]);
export const SRO_TYPES: ReadonlySet<string> = new Set(['relationship', 'sighting']);
export const SCO_TYPES: ReadonlySet<string> = new Set([
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file',
  'ipv4-addr', 'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url',
  'user-account', 'windows-registry-key', 'x509-certificate',
]);
/** Types an SRO may not point at: relationships, sightings, bundles and meta objects (§5.1, §5.2). */
const NOT_SDO_OR_SCO: ReadonlySet<string> = new Set([
  'relationship', 'sighting', 'bundle', 'marking-definition', 'language-content', 'extension-definition',
]);
const NOT_SDO: ReadonlySet<string> = new Set([...NOT_SDO_OR_SCO, ...SCO_TYPES]);

/** Reserved property names (§3.8): must not appear in STIX 2.1 content. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['severity', 'username', 'phone_number', 'action']);

export const EXTENSION_TYPES = ['new-sdo', 'new-sco', 'new-sro', 'property-extension', 'toplevel-property-extension'];

// ---- common properties (§3.2) --------------------------------------------------

const versioning = {
  created_by_ref: ref('identity'),
  revoked: bool,
  labels: strs,
  confidence: int(0, 100),
  lang,
  external_references: { kind: 'external_references' } as PropSpec,
  object_marking_refs: refs('marking-definition'),
  granular_markings: { kind: 'granular_markings' } as PropSpec,
  extensions: { kind: 'extensions' } as PropSpec,
};
const base = { type: req(str), id: req(str), spec_version: str };

/** SDOs, SROs, language-content and custom objects. */
const SDO_COMMON = { ...base, ...versioning, created: req(tsMs), modified: req(tsMs) };
/** SCOs: no versioning properties are required, but versioned SCOs may carry them (§3.6). */
const SCO_COMMON = { ...base, ...versioning, created: tsMs, modified: tsMs, defanged: bool };
const MARKING_COMMON = { ...base, ...versioning, created: req(tsMs), modified: tsMs };
const EXTDEF_COMMON = { ...SDO_COMMON, created_by_ref: req(ref('identity')) };

const named = { name: req(str), description: str };
const seen = { first_seen: ts, last_seen: ts };
const SOFTWARE = 'software';

const SDO_PROPS: Record<string, Record<string, PropSpec>> = {
  'attack-pattern': { ...named, aliases: strs, kill_chain_phases: kcp },
  campaign: { ...named, aliases: strs, ...seen, objective: str },
  'course-of-action': { ...named },
  grouping: { name: str, description: str, context: req(str), object_refs: req(anyRefs) },
  identity: { ...named, roles: strs, identity_class: str, sectors: strs, contact_information: str },
  incident: { ...named },
  indicator: {
    name: str, description: str, indicator_types: strs, pattern: req(str), pattern_type: req(str),
    pattern_version: str, valid_from: req(ts), valid_until: ts, kill_chain_phases: kcp,
  },
  infrastructure: { ...named, infrastructure_types: strs, aliases: strs, kill_chain_phases: kcp, ...seen },
  'intrusion-set': {
    ...named, aliases: strs, ...seen, goals: strs, resource_level: str, primary_motivation: str,
    secondary_motivations: strs,
  },
  location: {
    name: str, description: str, latitude: float(-90, 90), longitude: float(-180, 180), precision: float(0),
    region: str, country: str, administrative_area: str, city: str, street_address: str, postal_code: str,
  },
  malware: {
    name: str, description: str, malware_types: strs, is_family: req(bool), aliases: strs, kill_chain_phases: kcp,
    ...seen, operating_system_refs: refs(SOFTWARE), architecture_execution_envs: strs,
    implementation_languages: strs, capabilities: strs, sample_refs: refs('file', 'artifact'),
  },
  'malware-analysis': {
    product: req(str), version: str, host_vm_ref: ref(SOFTWARE), operating_system_ref: ref(SOFTWARE),
    installed_software_refs: refs(SOFTWARE), configuration_version: str, modules: strs,
    analysis_engine_version: str, analysis_definition_version: str, submitted: ts, analysis_started: ts,
    analysis_ended: ts, result_name: str, result: str, analysis_sco_refs: anyRefs,
    sample_ref: ref('file', 'network-traffic', 'artifact'),
  },
  note: { abstract: str, content: req(str), authors: strs, object_refs: req(anyRefs) },
  'observed-data': {
    first_observed: req(ts), last_observed: req(ts), number_observed: req(int(1, 999_999_999)),
    objects: dict, object_refs: anyRefs,
  },
  opinion: {
    explanation: str, authors: strs,
    opinion: req(oneOf('strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree')),
    object_refs: req(anyRefs),
  },
  report: { ...named, report_types: strs, published: req(ts), object_refs: req(anyRefs) },
  'threat-actor': {
    ...named, threat_actor_types: strs, aliases: strs, ...seen, roles: strs, goals: strs, sophistication: str,
    resource_level: str, primary_motivation: str, secondary_motivations: strs, personal_motivations: strs,
  },
  tool: { ...named, tool_types: strs, aliases: strs, kill_chain_phases: kcp, tool_version: str },
  vulnerability: { ...named },
  relationship: {
    relationship_type: req(str), description: str,
    source_ref: req(refNot(NOT_SDO_OR_SCO, 'an SDO or SCO')), target_ref: req(refNot(NOT_SDO_OR_SCO, 'an SDO or SCO')),
    start_time: ts, stop_time: ts,
  },
  sighting: {
    description: str, ...seen, count: int(0, 999_999_999), sighting_of_ref: req(refNot(NOT_SDO, 'an SDO')),
    observed_data_refs: refs('observed-data'), where_sighted_refs: refs('identity', 'location'), summary: bool,
  },
};

const ADDR = ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'];
const mimePart = { body: str, body_raw_ref: ref('artifact', 'file'), content_type: str, content_disposition: str };
const X509_V3 = Object.fromEntries(
  [
    'basic_constraints', 'name_constraints', 'policy_constraints', 'key_usage', 'extended_key_usage',
    'subject_key_identifier', 'authority_key_identifier', 'subject_alternative_name', 'issuer_alternative_name',
    'subject_directory_attributes', 'crl_distribution_points', 'inhibit_any_policy', 'certificate_policies',
    'policy_mappings',
  ].map((k) => [k, str] as const),
) as Record<string, PropSpec>;

const SCO_PROPS: Record<string, Record<string, PropSpec>> = {
  artifact: {
    mime_type: str, payload_bin: binary, url: str, hashes,
    encryption_algorithm: oneOf('AES-256-GCM', 'ChaCha20-Poly1305', 'mime-type-indicated'), decryption_key: str,
  },
  'autonomous-system': { number: req(int()), name: str, rir: str },
  directory: { path: req(str), path_enc: str, ctime: ts, mtime: ts, atime: ts, contains_refs: refs('file', 'directory') },
  'domain-name': { value: req(str), resolves_to_refs: refs('domain-name', 'ipv4-addr', 'ipv6-addr') },
  'email-addr': { value: req(str), display_name: str, belongs_to_ref: ref('user-account') },
  'email-message': {
    is_multipart: req(bool), date: ts, content_type: str, from_ref: ref('email-addr'), sender_ref: ref('email-addr'),
    to_refs: refs('email-addr'), cc_refs: refs('email-addr'), bcc_refs: refs('email-addr'), message_id: str,
    subject: str, received_lines: strs, additional_header_fields: dict, body: str,
    body_multipart: objs(mimePart), raw_email_ref: ref('artifact'),
  },
  file: {
    hashes, size: int(0), name: str, name_enc: str, magic_number_hex: hex, mime_type: str, ctime: ts, mtime: ts,
    atime: ts, parent_directory_ref: ref('directory'), contains_refs: anyRefs, content_ref: ref('artifact'),
  },
  'ipv4-addr': { value: req(str), resolves_to_refs: refs('mac-addr'), belongs_to_refs: refs('autonomous-system') },
  'ipv6-addr': { value: req(str), resolves_to_refs: refs('mac-addr'), belongs_to_refs: refs('autonomous-system') },
  'mac-addr': { value: req(str) },
  mutex: { name: req(str) },
  'network-traffic': {
    start: ts, end: ts, is_active: bool, src_ref: ref(...ADDR), dst_ref: ref(...ADDR), src_port: int(0, 65535),
    dst_port: int(0, 65535), protocols: req(strs), src_byte_count: int(0), dst_byte_count: int(0),
    src_packets: int(0), dst_packets: int(0), ipfix: dict, src_payload_ref: ref('artifact'),
    dst_payload_ref: ref('artifact'), encapsulates_refs: refs('network-traffic'),
    encapsulated_by_ref: ref('network-traffic'),
  },
  process: {
    is_hidden: bool, pid: int(), created_time: ts, cwd: str, command_line: str, environment_variables: dict,
    opened_connection_refs: refs('network-traffic'), creator_user_ref: ref('user-account'), image_ref: ref('file'),
    parent_ref: ref('process'), child_refs: refs('process'),
  },
  software: { name: req(str), cpe: str, swid: str, languages: strs, vendor: str, version: str },
  url: { value: req(str) },
  'user-account': {
    user_id: str, credential: str, account_login: str, account_type: str, display_name: str,
    is_service_account: bool, is_privileged: bool, can_escalate_privs: bool, is_disabled: bool,
    account_created: ts, account_expires: ts, credential_last_changed: ts, account_first_login: ts,
    account_last_login: ts,
  },
  'windows-registry-key': {
    key: str,
    values: objs({ name: str, data: str, data_type: oneOf(
      'REG_NONE', 'REG_SZ', 'REG_EXPAND_SZ', 'REG_BINARY', 'REG_DWORD', 'REG_DWORD_BIG_ENDIAN',
      'REG_DWORD_LITTLE_ENDIAN', 'REG_LINK', 'REG_MULTI_SZ', 'REG_RESOURCE_LIST', 'REG_FULL_RESOURCE_DESCRIPTION',
      'REG_RESOURCE_REQUIREMENTS_LIST', 'REG_QWORD', 'REG_INVALID_TYPE') }, true),
    modified_time: ts, creator_user_ref: ref('user-account'), number_of_subkeys: int(0),
  },
  'x509-certificate': {
    is_self_signed: bool, hashes, version: str, serial_number: str, signature_algorithm: str, issuer: str,
    validity_not_before: ts, validity_not_after: ts, subject: str, subject_public_key_algorithm: str,
    subject_public_key_modulus: str, subject_public_key_exponent: int(0), x509_v3_extensions: obj(X509_V3, true),
    private_key_usage_period_not_before: ts, private_key_usage_period_not_after: ts,
  },
};

/** Types whose objects must carry at least one type-specific property (§6.13, §6.16–§6.18). */
export const AT_LEAST_ONE_SPECIFIC: ReadonlySet<string> = new Set([
  'process', 'user-account', 'windows-registry-key', 'x509-certificate',
]);

const META_PROPS: Record<string, Record<string, PropSpec>> = {
  'marking-definition': { name: str, definition_type: str, definition: obj({}) },
  'language-content': { object_ref: req(anyRef), object_modified: ts, contents: req(obj({})) },
  'extension-definition': {
    ...named, schema: req(str), version: req(str), extension_types: req(listOf(...EXTENSION_TYPES)),
    extension_properties: strs,
  },
};

/** The predefined SCO extensions (§6): owning type, members, and whether one member is needed. */
export interface PredefinedExtension {
  owner: string;
  spec: PropSpec;
}
const PREDEFINED: Record<string, PredefinedExtension> = {
  'archive-ext': { owner: 'file', spec: obj({ contains_refs: req(refs('file', 'directory')), comment: str }) },
  'ntfs-ext': {
    owner: 'file',
    spec: obj({ sid: str, alternate_data_streams: objs({ name: req(str), hashes, size: int(0) }) }, true),
  },
  'pdf-ext': {
    owner: 'file',
    spec: obj({ version: str, is_optimized: bool, document_info_dict: dict, pdfid0: str, pdfid1: str }, true),
  },
  'raster-image-ext': {
    owner: 'file',
    spec: obj({ image_height: int(0), image_width: int(0), bits_per_pixel: int(0), exif_tags: dict }, true),
  },
  'windows-pebinary-ext': {
    owner: 'file',
    spec: obj({
      pe_type: req(str), imphash: str, machine_hex: hex, number_of_sections: int(0), time_date_stamp: ts,
      pointer_to_symbol_table_hex: hex, number_of_symbols: int(0), size_of_optional_header: int(0),
      characteristics_hex: hex, file_header_hashes: hashes, optional_header: obj({}),
      sections: objs({ name: req(str), size: int(0), entropy: float(), hashes }),
    }),
  },
  'http-request-ext': {
    owner: 'network-traffic',
    spec: obj({
      request_method: req(str), request_value: req(str), request_version: str, request_header: dict,
      message_body_length: int(0), message_body_data_ref: ref('artifact'),
    }),
  },
  'icmp-ext': { owner: 'network-traffic', spec: obj({ icmp_type_hex: req(hex), icmp_code_hex: req(hex) }) },
  'socket-ext': {
    owner: 'network-traffic',
    spec: obj({
      address_family: req(oneOf('AF_UNSPEC', 'AF_INET', 'AF_IPX', 'AF_APPLETALK', 'AF_NETBIOS', 'AF_INET6', 'AF_IRDA', 'AF_BTH')),
      is_blocking: bool, is_listening: bool, options: dict,
      socket_type: oneOf('SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_RDM', 'SOCK_SEQPACKET'),
      socket_descriptor: int(0), socket_handle: int(),
    }),
  },
  'tcp-ext': { owner: 'network-traffic', spec: obj({ src_flags_hex: hex, dst_flags_hex: hex }, true) },
  'windows-process-ext': {
    owner: 'process',
    spec: obj({
      aslr_enabled: bool, dep_enabled: bool, priority: str, owner_sid: str, window_title: str, windows_title: str,
      startup_info: dict,
      integrity_level: oneOf('low', 'medium', 'high', 'system'),
    }, true),
  },
  'windows-service-ext': {
    owner: 'process',
    spec: obj({
      service_name: str, descriptions: strs, display_name: str, group_name: str,
      start_type: oneOf('SERVICE_AUTO_START', 'SERVICE_BOOT_START', 'SERVICE_DEMAND_START', 'SERVICE_DISABLED', 'SERVICE_SYSTEM_ALERT'),
      service_dll_refs: refs('file'),
      service_type: oneOf('SERVICE_KERNEL_DRIVER', 'SERVICE_FILE_SYSTEM_DRIVER', 'SERVICE_WIN32_OWN_PROCESS', 'SERVICE_WIN32_SHARE_PROCESS'),
      service_status: oneOf('SERVICE_CONTINUE_PENDING', 'SERVICE_PAUSE_PENDING', 'SERVICE_PAUSED', 'SERVICE_RUNNING', 'SERVICE_START_PENDING', 'SERVICE_STOP_PENDING', 'SERVICE_STOPPED'),
    }, true),
  },
  'unix-account-ext': {
    owner: 'user-account',
    spec: obj({ gid: int(), groups: strs, home_dir: str, shell: str }, true),
  },
};
export const PREDEFINED_EXTENSIONS: ReadonlyMap<string, PredefinedExtension> = new Map(Object.entries(PREDEFINED));

// ---- compiled per-type schemas --------------------------------------------------

const compiled = new Map<string, Schema>();
for (const [t, p] of Object.entries(SDO_PROPS)) compiled.set(t, schema(SDO_COMMON, p));
for (const [t, p] of Object.entries(SCO_PROPS)) compiled.set(t, schema(SCO_COMMON, p));
compiled.set('marking-definition', schema(MARKING_COMMON, META_PROPS['marking-definition'] ?? {}));
compiled.set('language-content', schema(SDO_COMMON, META_PROPS['language-content'] ?? {}));
compiled.set('extension-definition', schema(EXTDEF_COMMON, META_PROPS['extension-definition'] ?? {}));

/** Schema of a custom object treated as an SDO (or SRO). */
export const CUSTOM_SDO_SCHEMA: Schema = schema(SDO_COMMON);
/** Schema of a custom SCO (declared through a new-sco extension). */
export const CUSTOM_SCO_SCHEMA: Schema = schema(SCO_COMMON);

export function schemaOf(type: string): Schema | undefined {
  return compiled.get(type);
}

/** Type-specific property names of an SCO type (for the "at least one property" rule). */
export function specificProps(type: string): readonly string[] {
  return Object.keys(SCO_PROPS[type] ?? {});
}
