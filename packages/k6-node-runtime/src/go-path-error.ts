// A failed file operation worded as Go's *fs.PathError ("open x/y.json: no such file or
// directory"), which is what k6 prints; Node's own text differs ("ENOENT: ..., open 'x'").
const GO_ERRNO: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file exists',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

export function goPathError(op: string, path: string, e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const text =
    (err.code && GO_ERRNO[err.code]) ?? /^\w+: (.*?), \w+ /.exec(err.message ?? '')?.[1] ?? String(err.message ?? e);
  return `${op} ${path}: ${text}`;
}
