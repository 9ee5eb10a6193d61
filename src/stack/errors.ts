// A failure the user can act on: what went wrong and what to do about it. The CLI prints both and exits non-zero.
export class StackError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'StackError';
  }
}

export function describe(err: unknown): string {
  if (err instanceof StackError) return `error: ${err.message}\n  what to do: ${err.hint}`;
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}
