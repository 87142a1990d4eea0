/**
 * Path patterns for fault injection. A pattern is either a regular expression (starting with "^", or written
 * "/.../flags" with regex syntax inside) or a glob matched against the whole path: "*" is any run of characters inside one segment, "**" any
 * run across segments, "?" one character other than "/".
 */

export type PathMatcher = (path: string) => boolean;

export function compilePathPattern(pattern: string): PathMatcher {
  const regex = toRegExp(pattern);
  return (path) => {
    regex.lastIndex = 0;
    return regex.test(path);
  };
}

function toRegExp(pattern: string): RegExp {
  if (pattern.startsWith('^')) return new RegExp(pattern);
  // "/…/flags" is a regex only when it uses regex syntax; "/retailer/v1/sales" stays a plain path.
  const literal = /^\/(.+)\/([imsu]*)$/.exec(pattern);
  if (literal && /[\\^$()[\]{}|+]/.test(literal[1] ?? '')) return new RegExp(literal[1] ?? '', literal[2]);
  return globToRegExp(pattern.startsWith('/') || pattern.startsWith('*') ? pattern : `/${pattern}`);
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const next = glob[i + 3];
    if (glob.startsWith('/**', i) && (next === undefined || next === '/')) {
      // "/**" also matches the bare parent: "/retailer/**" matches "/retailer" and "/a/**/b" matches "/a/b".
      out += '(?:/.*)?';
      i += 3;
    } else if (glob.startsWith('**', i)) {
      out += '.*';
      i += 2;
    } else {
      const c = glob[i] ?? '';
      if (c === '*') out += '[^/]*';
      else if (c === '?') out += '[^/]';
      else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  return new RegExp(`^${out}$`);
}
