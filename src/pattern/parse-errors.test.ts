import { describe, expect, it } from 'vitest';
import { PatternSyntaxError } from './errors.js';
import { parsePattern, validatePattern } from './index.js';

const OPERATORS = 'a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)';

/** [pattern, 0-based position of the error, text the message must contain]. */
const INVALID: readonly (readonly [string, number, string])[] = [
  // structure
  ['', 0, "expected '[' to start an observation expression, or '(' but found the end of the pattern"],
  ["file:name = 'x'", 0, "expected '[' to start an observation expression, or '(' but found 'file'"],
  ["[file:name = 'x'", 16, "expected AND, OR or ']' but found the end of the pattern"],
  ["[file:name = 'x']]", 17, "expected AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or the end of the pattern but found ']'"],
  ['[]', 1, "expected an object path (like file:name), '(' or EXISTS but found ']'"],
  ['[a:x = 1] AND', 13, "expected '[' to start an observation expression, or '(' but found the end of the pattern"],
  ['[a:x = 1] FOLLOWEDBY', 20, "expected '['"],
  ['([a:x = 1]', 10, "expected AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or ')' but found the end of the pattern"],
  ['[a:x = 1])', 9, "but found ')'"],
  ['[(a:x = 1]', 9, "expected AND, OR or ')' but found ']'"],
  ['[a:x = 1] LAST 5 SECONDS', 10, "found 'LAST'"],
  ['[a:x = 1] [a:y = 2]', 10, "expected AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or the end of the pattern but found '['"],
  ['[a:x = 1 /* unclosed', 9, "expected '*/' to close the comment"],
  // object paths
  ["[file = 'x']", 6, "expected ':' after the object type but found '='"],
  ["[file: = 'x']", 7, "expected a property name (like name, or 'quoted-name') but found '='"],
  ["[file:hashes.SHA-256 = 'x']", 13, "a property name with '-' must be quoted (§9.7): write 'SHA-256' instead of SHA-256"],
  ["[file:hashes. = 'x']", 14, 'expected a property name'],
  ['[file:x[a] = 1]', 8, "expected a list index (an integer or *) but found 'a'"],
  ['[file:x[1.5] = 1]', 8, 'expected a list index'],
  ['[file:x[0 = 1]', 10, "expected ']' to close the list index but found '='"],
  ["['file':x = 1]", 1, "expected an object path (like file:name), '(' or EXISTS but found \"'file'\""],
  ['[EXISTS]', 7, "expected an object type (like file or ipv4-addr) but found ']'"],
  ['[file:x.AND = 1]', 8, "expected a property name (like name, or 'quoted-name') but found 'AND'"],
  // operators
  ["[ipv4-addr:value foo '1.2.3.4']", 17, `expected ${OPERATORS} but found 'foo'`],
  ['[file:name]', 10, `expected ${OPERATORS} but found ']'`],
  ['[a:x § 1]', 5, `expected ${OPERATORS} but found '§'`],
  ["[file:name like 'x']", 11, "found 'like' (keywords are upper case: LIKE)"],
  ['[file:name NOT EXISTS]', 15, 'expected a comparison operator after NOT'],
  ["[file:name NOT NOT = 'x']", 15, "after NOT (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET) but found 'NOT'"],
  ["[NOT file:name = 'x']", 1, "found 'NOT' (NOT goes right before the operator, as in file:name NOT = 'x')"],
  ['[EXISTS NOT file:x]', 8, 'expected an object type'],
  ["[file:name = 'x' and file:size = 1]", 17, "expected AND, OR or ']' but found 'and' (keywords are upper case: AND)"],
  // constants
  ['[file:name =]', 12, "expected a constant ('string', integer, float, true, false, h'hex', b'base64' or t'timestamp') but found ']'"],
  ['[file:name = x]', 13, "expected a constant ('string', integer, float, true, false, h'hex', b'base64' or t'timestamp') but found 'x'"],
  ['[a:x = (1)]', 7, "expected a constant ('string'"],
  ['[a:x = TRUE]', 7, "found 'TRUE' (booleans are lower case: true)"],
  ['[file:size > true]', 13, "expected a constant that can be ordered ('string', integer, float, h'hex', b'base64' or t'timestamp') but found 'true'"],
  ['[file:size <= false]', 14, 'a constant that can be ordered'],
  ['[file:name LIKE 5]', 16, "expected a string constant ('...') but found '5'"],
  ["[file:name MATCHES h'00']", 19, "expected a string constant ('...')"],
  ["[ipv4-addr:value ISSUBSET t'2016-01-01T00:00:00Z']", 26, 'expected a string constant'],
  ["[file:x = 'a\\q']", 12, "expected \\' or \\\\ (the only escapes in a string) but found '\\q'"],
  ["[file:x = 'a\\']", 10, "expected a closing apostrophe (') for the constant started here but found the end of the pattern"],
  ["[file:x = 'abc]", 10, 'expected a closing apostrophe'],
  ["[file:x = h'abc']", 10, "expected a hex constant with an even number of hex digits, like h'ffc3' but found \"h'abc'\""],
  ["[file:x = h'zz']", 10, 'a hex constant with an even number of hex digits'],
  ["[file:x = b'ABC']", 10, "expected a binary constant in padded base64, like b'ABI=' but found \"b'ABC'\""],
  ["[file:x = b'A=BC']", 10, 'padded base64'],
  ["[file:x = b'']", 10, 'padded base64'],
  ["[file:x = t'2016-02-30T00:00:00Z']", 10, "expected a timestamp constant t'YYYY-MM-DDTHH:MM:SS[.s+]Z' (RFC 3339, UTC)"],
  ["[file:x = t'2016-01-01T00:00:00']", 10, 'a timestamp constant'],
  ["[file:x = t'2016-01-01T00:00:00+01:00']", 10, 'a timestamp constant'],
  ["[file:x = t'2016-01-01t00:00:00z']", 10, 'a timestamp constant'],
  ['[file:x = 007]', 10, "expected an integer without leading zeros but found '007'"],
  ['[file:x = 9007199254740992]', 10, 'expected an integer between -(2^53)+1 and (2^53)-1'],
  ["[file:x = - 1]", 10, "but found '-'"],
  ["[a:x = '😀' foo]", 12, "expected AND, OR or ']' but found 'foo'"],
  // IN lists
  ["[file:name IN 'x']", 14, "expected '(' to open the list of IN but found \"'x'\""],
  ["[file:name IN ('x' 'y')]", 19, "expected ',' or ')' in the list of IN"],
  ["[file:name IN ('x', 1)]", 20, "the constants of an IN list must all have one type, but '1' (int) follows a string"],
  ["[file:name IN ('x',)]", 19, "expected a constant ('string'"],
  // qualifiers
  ["[file:x = 'a'] WITHIN 0 SECONDS", 22, "expected a positive number of seconds after WITHIN but found '0'"],
  ["[file:x = 'a'] WITHIN -5 SECONDS", 22, 'a positive number of seconds'],
  ["[file:x = 'a'] WITHIN 0.0 SECONDS", 22, 'a positive number of seconds'],
  ["[file:x = 'a'] WITHIN 5 MINUTES", 24, "expected SECONDS but found 'MINUTES'"],
  ["[file:x = 'a'] WITHIN 5", 23, 'expected SECONDS but found the end of the pattern'],
  ["[file:x = 'a'] REPEATS 0 TIMES", 23, "expected a positive integer after REPEATS but found '0'"],
  ["[file:x = 'a'] REPEATS 2.5 TIMES", 23, 'a positive integer after REPEATS'],
  ["[file:x = 'a'] REPEATS 5", 24, 'expected TIMES but found the end of the pattern'],
  ["[file:x = 'a'] START '2016-01-01T00:00:00Z' STOP '2017-01-01T00:00:00Z'", 21, "expected a timestamp constant t'...' after START"],
  ["[file:x = 'a'] START t'2016-01-01T00:00:00Z'", 44, 'expected STOP but found the end of the pattern'],
  ["[file:x = 'a'] START t'2016-01-01T00:00:00Z' STOP 5", 50, "expected a timestamp constant t'...' after STOP but found '5'"],
  ["[file:x = 'a'] START t'2017-01-01T00:00:00Z' STOP t'2016-01-01T00:00:00Z'", 50, 'the STOP timestamp must be later than START'],
  ["[file:x = 'a'] START t'2016-01-01T00:00:00Z' STOP t'2016-01-01T00:00:00.000Z'", 50, 'the STOP timestamp must be later than START'],
  ["[file:x = 'a'] WITHIN 5 SECONDS WITHIN 6 SECONDS", 32, 'an observation expression may have only one WITHIN qualifier'],
  ["[file:x = 'a'] REPEATS 2 TIMES WITHIN 5 SECONDS REPEATS 3 TIMES", 48, 'only one REPEATS qualifier'],
  ["([file:x = 'a'] AND [file:x = 'b']) START t'2016-01-01T00:00:00Z' STOP t'2017-01-01T00:00:00Z' START t'2016-01-01T00:00:00Z' STOP t'2017-01-01T00:00:00Z'", 95, 'only one START qualifier'],
  ["[file:x = 'a'] within 5 SECONDS", 15, "found 'within' (keywords are upper case: WITHIN)"],
  // semantic rules
  ["[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'x']", 29, 'AND joins comparisons on different object types (ipv4-addr and domain-name) in one observation expression'],
  ['[a:x = 1 AND (b:y = 2 OR b:z = 3)]', 9, 'different object types (a and b)'],
  ['[(a:x = 1 OR b:y = 2) AND c:z = 3]', 22, 'different object types (a or b and c)'],
  ["[file:name ISSUBSET '10.0.0.0/8']", 1, 'ISSUBSET applies to the value of an ipv4-addr or ipv6-addr object (like ipv4-addr:value), not to file:name'],
  ["[ipv4-addr:resolves_to_refs ISSUPERSET '10.0.0.1']", 1, 'ISSUPERSET applies to the value of an ipv4-addr or ipv6-addr object'],
  ["[ipv4-addr:value ISSUBSET 'example.com']", 26, "expected an IPv4 address or CIDR block but found \"'example.com'\""],
  ["[ipv4-addr:value ISSUBSET '10.0.0.0/33']", 26, 'expected an IPv4 address or CIDR block'],
  ["[ipv4-addr:value ISSUBSET '010.0.0.0/8']", 26, 'expected an IPv4 address or CIDR block'],
  ["[ipv6-addr:value ISSUPERSET '10.0.0.0/8']", 28, 'expected an IPv6 address or CIDR block'],
  ["[network-traffic:dst_ref.value ISSUBSET 'x']", 40, 'expected an IPv4 or IPv6 address or CIDR block'],
  ["[file:hashes.MD5 = 'xyz']", 19, `expected an MD5 hash (32 hex digits) for hashes.MD5 but found "'xyz'"`],
  [`[file:hashes.'SHA-1' IN ('${'a'.repeat(40)}', 'bad')]`, 69, 'expected a SHA-1 hash (40 hex digits) for hashes.SHA-1'],
  ["[file:hashes.'SHA-256' != 'abc']", 26, 'expected a SHA-256 hash (64 hex digits)'],
  ["[file:name MATCHES '(']", 19, 'the regular expression of MATCHES is not valid'],
  ["[file:name MATCHES 'a++']", 19, 'a possessive quantifier is not supported'],
  ["[file:name MATCHES '(?>a)']", 19, 'an atomic group (?>...) is not supported'],
  ["[file:name MATCHES 'a(?i)b']", 19, 'an inline option group is not supported'],
  ['('.repeat(101) + '[a:x = 1]' + ')'.repeat(101), 100, 'nesting is deeper than 100 parentheses'],
  [Array.from({ length: 1002 }, () => '[a:x = 1]').join(' AND '), 1000 * 14 + 9 + 1, 'more than 1000 AND / FOLLOWEDBY operators'],
];

describe('parsePattern: invalid patterns', () => {
  it.each(INVALID)('%j fails at %i', (pattern, position, text) => {
    let error: unknown;
    try {
      parsePattern(pattern);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatternSyntaxError);
    const e = error as PatternSyntaxError;
    expect(e.message).toContain(text);
    expect(e.message.startsWith(`at ${position}: `)).toBe(true);
    expect(e.position).toBe(position);
    expect(validatePattern(pattern)).toMatchObject({ ok: false, error: { position, message: e.message, expected: e.expected } });
  });

  it('reports the leftmost problem, lexical or syntactic', () => {
    expect(() => parsePattern("[file:name foo h'abc']")).toThrow(/^at 11: expected a comparison operator/);
    expect(() => parsePattern("[file:name = h'abc' foo]")).toThrow(/^at 13: expected a hex constant/);
  });

  it('quotes long excerpts shortly', () => {
    const e = validatePattern(`[file:name ${'x'.repeat(100)}]`);
    expect(e).toMatchObject({ ok: false, error: { found: `'${'x'.repeat(37)}...'` } });
  });
});
